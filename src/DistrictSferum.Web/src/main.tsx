import { render } from "preact";
import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import { currentSession, onSessionChange, setSession, users, schools, members, refusal, type Refusal } from "./api";
import { onLiveState, liveState, stop, type LiveState } from "./live";
import { SchoolRole } from "./gen/districtsferum/v1/members_pb";
import type { Me } from "./gen/districtsferum/v1/users_pb";
import { SignIn } from "./pages/SignIn";
import { ChatList } from "./pages/ChatList";
import { ChatView } from "./pages/ChatView";
import { JoinChat } from "./pages/JoinChat";
import { NewChat } from "./pages/NewChat";
import { FollowInvite } from "./pages/FollowInvite";
import { SchoolAdmin } from "./pages/SchoolAdmin";
import { District } from "./pages/District";
import { Oversight } from "./pages/Oversight";
import { Profile } from "./pages/Profile";
import { Statistics } from "./pages/Statistics";
import { RefusalBox, useRoute } from "./ui";
import "./style.css";

export interface MySchool {
  schoolId: string;
  name: string;
  roles: SchoolRole[];
  verifiedTeacher: boolean;
  administrator: boolean;
}

export interface AppData {
  me: Me;
  schools: MySchool[];
  reload: () => Promise<void>;
}

export const AppContext = createContext<AppData>(null!);
export const useApp = () => useContext(AppContext);

async function loadApp(): Promise<{ me: Me; schools: MySchool[] }> {
  const me = (await users.getMe({})).me!;
  const mine = await Promise.all(
    me.schoolIds.map(async (schoolId) => {
      const [school, member] = await Promise.all([
        schools.getSchool({ schoolId }),
        members.getMember({ schoolId, userId: me.userId }),
      ]);
      const roles = member.member?.roles ?? [];
      return {
        schoolId,
        name: school.school?.info?.shortName || school.school?.info?.name || schoolId,
        roles,
        verifiedTeacher: member.member?.verifiedTeacher ?? false,
        administrator: roles.includes(SchoolRole.ADMINISTRATOR),
      };
    }),
  );
  return { me, schools: mine };
}

function App() {
  const [signedIn, setSignedIn] = useState(!!currentSession());
  const [data, setData] = useState<{ me: Me; schools: MySchool[] } | null>(null);
  const [error, setError] = useState<Refusal | null>(null);
  const [live, setLive] = useState<LiveState>(liveState());
  const route = useRoute();

  const reload = async () => {
    try {
      setData(await loadApp());
      setError(null);
    } catch (e) {
      setError(refusal(e));
    }
  };

  useEffect(() => onSessionChange(() => setSignedIn(!!currentSession())), []);
  useEffect(() => onLiveState(setLive), []);
  useEffect(() => {
    if (signedIn) void reload();
    else {
      setData(null);
      stop();
    }
  }, [signedIn]);

  if (!signedIn) return <Shell live={null}><SignIn /></Shell>;
  if (!data) return <Shell live={null}>{error ? <RefusalBox error={error} /> : <p role="status">Загрузка…</p>}</Shell>;

  const [page, arg] = route;
  let content;
  switch (page) {
    case "chat": content = <ChatView chatId={arg ?? ""} />; break;
    case "join": content = <JoinChat token={arg ?? ""} />; break;
    case "invite": content = <FollowInvite token={arg ?? ""} />; break;
    case "new-chat": content = <NewChat />; break;
    case "school": content = <SchoolAdmin schoolId={arg ?? ""} section={route[2] ?? "info"} />; break;
    case "district": content = <District />; break;
    case "oversight": content = <Oversight schoolId={arg ?? ""} />; break;
    case "profile": content = <Profile />; break;
    case "stats": content = <Statistics schoolId={arg ?? ""} />; break;
    default: content = <ChatList />;
  }
  return (
    <AppContext.Provider value={{ ...data, reload }}>
      <Shell live={live}>{content}</Shell>
    </AppContext.Provider>
  );
}

function Shell({ live, children }: { live: LiveState | null; children: preact.ComponentChildren }) {
  const data = useContext(AppContext);
  const liveText = { connecting: "подключение…", live: "на связи", offline: "нет связи, переподключаемся" };
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>
        К содержимому
      </a>
      <header class="top">
        <a class="brand" href="#/">Сферум</a>
        {data && (
          <nav aria-label="Разделы">
            <a href="#/">Мои чаты</a>
            {data.schools.some((s) => s.verifiedTeacher || s.administrator) && <a href="#/new-chat">Новый чат</a>}
            {data.schools.filter((s) => s.administrator).map((s) => (
              <a key={s.schoolId} href={`#/school/${s.schoolId}`}>Школа: {s.name}</a>
            ))}
            {data.schools.filter((s) => s.roles.some((r) => r === SchoolRole.DIRECTOR || r === SchoolRole.DEPUTY || r === SchoolRole.ADMINISTRATOR)).map((s) => (
              <a key={s.schoolId} href={`#/oversight/${s.schoolId}`}>Надзор: {s.name}</a>
            ))}
            {data.schools.filter((s) => s.roles.some((r) => r === SchoolRole.DIRECTOR || r === SchoolRole.ADMINISTRATOR)).map((s) => (
              <a key={s.schoolId} href={`#/stats/${s.schoolId}`}>Статистика: {s.name}</a>
            ))}
            {data.me.districtOperator && <a href="#/district">Район</a>}
          </nav>
        )}
        <div class="who">
          {live && <span class={`live ${live}`} role="status">Связь: {liveText[live]}</span>}
          {data && <a class="me" href="#/profile" aria-label={`Профиль: ${data.me.displayName}`}>{data.me.displayName}</a>}
          {currentSession() && <button type="button" class="secondary" onClick={() => setSession(null)}>Выйти</button>}
        </div>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}

render(<App />, document.getElementById("app")!);

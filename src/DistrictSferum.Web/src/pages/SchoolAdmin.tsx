import { useEffect, useState } from "preact/hooks";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { allPages, chats, schools, classes as classApi, invites, members, newKey } from "../api";
import { ChatKind, type Chat } from "../gen/districtsferum/v1/chats_pb";
import type { School } from "../gen/districtsferum/v1/schools_pb";
import { ClassKind, type Class } from "../gen/districtsferum/v1/classes_pb";
import { JoinRole, type Invite, type JoinRequest } from "../gen/districtsferum/v1/invites_pb";
import { MovementKind, SchoolRole, type Member, type Movement } from "../gen/districtsferum/v1/members_pb";
import { Page, RefusalBox, SavedNote, useAction, useSaveForm, when } from "../ui";
import { Qr } from "../qr";

const sections: [string, string][] = [
  ["info", "Сведения"],
  ["classes", "Классы"],
  ["invites", "Приглашения"],
  ["requests", "Заявки"],
  ["members", "Участники"],
  ["movements", "Движение"],
  ["channels", "Каналы"],
];

const roleNames: Record<number, string> = {
  [SchoolRole.ADMINISTRATOR]: "администратор",
  [SchoolRole.TEACHER]: "учитель",
  [SchoolRole.STUDENT]: "ученик",
  [SchoolRole.PARENT]: "родитель",
  [SchoolRole.DIRECTOR]: "директор",
  [SchoolRole.DEPUTY]: "заместитель",
};
const joinRoles: [JoinRole, string][] = [[JoinRole.PARENT, "родитель"], [JoinRole.STUDENT, "ученик"], [JoinRole.TEACHER, "учитель"]];

// The administrator's console (ORG-2, ORG-4, ORG-5, ORG-8, ORG-9, ORG-11).
export function SchoolAdmin({ schoolId, section }: { schoolId: string; section: string }) {
  const [school, setSchool] = useState<School | null>(null);
  const [classList, setClassList] = useState<Class[]>([]);
  const [error, , run] = useAction();
  const loadClasses = () => run(async () => setClassList(await allPages((pageToken) => classApi.listClasses({ schoolId, pageSize: 500, pageToken }), (r) => r.classes)));
  useEffect(() => {
    void run(async () => setSchool((await schools.getSchool({ schoolId })).school ?? null));
    void loadClasses();
  }, [schoolId]);
  const className = (id: string) => classList.find((c) => c.classId === id)?.name ?? "—";
  const current = sections.find(([s]) => s === section) ?? sections[0];
  return (
    <Page title={`${school?.info?.shortName || school?.info?.name || "Школа"}: ${current[1].toLowerCase()}`}>
      <nav aria-label="Разделы школы" class="tabs">
        {sections.map(([s, name]) => (
          <a key={s} href={`#/school/${schoolId}/${s}`} aria-current={s === current[0] ? "page" : undefined}>{name}</a>
        ))}
      </nav>
      <RefusalBox error={error} />
      {current[0] === "info" && school && <SchoolInfoForm school={school} onSaved={setSchool} />}
      {current[0] === "classes" && <Classes schoolId={schoolId} list={classList} reload={loadClasses} />}
      {current[0] === "invites" && <Invites schoolId={schoolId} classList={classList} className={className} />}
      {current[0] === "requests" && <Requests schoolId={schoolId} className={className} />}
      {current[0] === "members" && <Members schoolId={schoolId} classList={classList} className={className} />}
      {current[0] === "movements" && <Movements schoolId={schoolId} className={className} />}
      {current[0] === "channels" && <Channels schoolId={schoolId} />}
    </Page>
  );
}

function SchoolInfoForm({ school, onSaved }: { school: School; onSaved: (s: School) => void }) {
  const info = school.info!;
  const [name, setName] = useState(info.name);
  const [shortName, setShortName] = useState(info.shortName);
  const [address, setAddress] = useState(info.address);
  const [journalUrl, setJournalUrl] = useState(info.journalUrl);
  const { error, busy, saved, onSubmit } = useSaveForm(async () =>
    onSaved((await schools.updateSchool({ schoolId: school.schoolId, name, shortName, address, journalUrl })).school!),
  );
  return (
    <form class="card" onSubmit={onSubmit}>
      <label for="school-name">Полное название</label>
      <input id="school-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="school-short">Краткое название</label>
      <input id="school-short" value={shortName} onInput={(e) => setShortName(e.currentTarget.value)} />
      <label for="school-address">Адрес</label>
      <input id="school-address" value={address} onInput={(e) => setAddress(e.currentTarget.value)} />
      <label for="school-journal">Электронный журнал (ссылка)</label>
      <input id="school-journal" type="url" value={journalUrl} onInput={(e) => setJournalUrl(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>Сохранить</button>
      <SavedNote saved={saved} />
      <RefusalBox error={error} />
    </form>
  );
}

function Classes({ schoolId, list, reload }: { schoolId: string; list: Class[]; reload: () => Promise<boolean> }) {
  const [name, setName] = useState("");
  const [additional, setAdditional] = useState(false);
  const [error, busy, run] = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await classApi.createClass({ schoolId, name, kind: additional ? ClassKind.ADDITIONAL : ClassKind.GRADE });
      setName("");
      await reload();
    });
  };
  return (
    <>
      <ul class="plain">{list.map((c) => <li key={c.classId}>{c.name}{c.kind === ClassKind.ADDITIONAL ? " (доп. образование)" : ""}</li>)}</ul>
      <form class="card" onSubmit={create}>
        <h2>Новый класс</h2>
        <label for="class-name">Название по номенклатуре (например, 5А)</label>
        <input id="class-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <div class="check">
          <input id="class-additional" type="checkbox" checked={additional} onChange={(e) => setAdditional(e.currentTarget.checked)} />
          <label for="class-additional">Группа дополнительного образования</label>
        </div>
        <button type="submit" disabled={busy}>Создать класс</button>
        <RefusalBox error={error} />
      </form>
    </>
  );
}

function Invites({ schoolId, classList, className }: { schoolId: string; classList: Class[]; className: (id: string) => string }) {
  const [list, setList] = useState<Invite[]>([]);
  const [classId, setClassId] = useState("");
  const [role, setRole] = useState(JoinRole.PARENT);
  const [days, setDays] = useState(7);
  const [maxUses, setMaxUses] = useState(30);
  const [created, setCreated] = useState("");
  const [error, busy, run] = useAction();
  const load = () => run(async () => setList(await allPages((pageToken) => invites.listInvites({ schoolId, pageSize: 200, pageToken }), (r) => r.invites)));
  useEffect(() => void load(), [schoolId]);
  useEffect(() => setClassId((c) => c || classList[0]?.classId || ""), [classList]);
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await invites.createInvite({
        schoolId, classId, role, maxUses, lifetime: durationFromMs(days * 86_400_000), clientRequestId: newKey(),
      });
      setCreated(`${location.origin}/#/invite/${r.token}`);
      await load();
    });
  };
  return (
    <>
      <form class="card" onSubmit={create}>
        <h2>Новая ссылка-приглашение</h2>
        <label for="invite-class">Класс</label>
        <select id="invite-class" value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
          {classList.map((c) => <option key={c.classId} value={c.classId}>{c.name}</option>)}
        </select>
        <label for="invite-role">Роль</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(Number(e.currentTarget.value) as JoinRole)}>
          {joinRoles.map(([r, n]) => <option key={r} value={r}>{n}</option>)}
        </select>
        <label for="invite-days">Срок действия, дней (до 30)</label>
        <input id="invite-days" type="number" min={1} max={30} value={days} onInput={(e) => setDays(Number(e.currentTarget.value))} />
        <label for="invite-uses">Сколько раз можно использовать</label>
        <input id="invite-uses" type="number" min={1} value={maxUses} onInput={(e) => setMaxUses(Number(e.currentTarget.value))} />
        <button type="submit" disabled={busy}>Создать ссылку</button>
        <RefusalBox error={error} />
      </form>
      {created && (
        <div class="card">
          <p role="status">Ссылка создана, она показывается только сейчас.</p>
          <label for="invite-link">Ссылка</label>
          <input id="invite-link" readOnly value={created} onFocus={(e) => e.currentTarget.select()} />
          <Qr text={created} label="QR-код ссылки-приглашения в школу" />
        </div>
      )}
      <h2>Ссылки</h2>
      <ul class="plain">
        {list.map((i) => (
          <li key={i.inviteId}>
            {className(i.classId)} · {joinRoles.find(([r]) => r === i.role)?.[1]} · использовано {i.uses}
            {i.maxUses ? ` из ${i.maxUses}` : ""} · до {when(i.expiresAt)}
            {i.revoked ? " · отозвана" : (
              <button type="button" class="secondary" onClick={() => void run(async () => { await invites.revokeInvite({ schoolId, inviteId: i.inviteId }); await load(); })}>
                Отозвать
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" class="secondary" onClick={() => void run(async () => { await invites.annulUnusedInvites({ schoolId }); await load(); })}>
        Аннулировать все неиспользованные
      </button>
    </>
  );
}

function Requests({ schoolId, className }: { schoolId: string; className: (id: string) => string }) {
  const [list, setList] = useState<JoinRequest[] | null>(null);
  const [error, busy, run] = useAction();
  const load = () => run(async () => setList(await allPages((pageToken) => members.listJoinRequests({ schoolId, pageSize: 200, pageToken }), (r) => r.requests)));
  useEffect(() => void load(), [schoolId]);
  const decide = (requestId: string, accept: boolean) =>
    void run(async () => {
      await members.decideJoinRequest({ schoolId, requestId, accept });
      await load();
    });
  return (
    <>
      <RefusalBox error={error} />
      {list && list.length === 0 && <p>Новых заявок нет.</p>}
      <ul class="plain requests">
        {list?.map((r) => (
          <li key={r.requestId} data-request={r.requestId}>
            <span>{r.displayName} — {joinRoles.find(([j]) => j === r.role)?.[1]}, {className(r.classId)} ({when(r.createdAt)})</span>
            <button type="button" disabled={busy} onClick={() => decide(r.requestId, true)} aria-label={`Принять: ${r.displayName}`}>Принять</button>
            <button type="button" class="secondary" disabled={busy} onClick={() => decide(r.requestId, false)} aria-label={`Отклонить: ${r.displayName}`}>Отклонить</button>
          </li>
        ))}
      </ul>
      <button type="button" class="secondary" onClick={() => void load()}>Обновить</button>
    </>
  );
}

function Members({ schoolId, classList, className }: { schoolId: string; classList: Class[]; className: (id: string) => string }) {
  const [list, setList] = useState<Member[]>([]);
  const [moveTo, setMoveTo] = useState(new Map<string, string>());
  const [done, setDone] = useState("");
  const [error, busy, run] = useAction();
  // One administrator action on a member, then the list again (ORG-6, ORG-10).
  const act = (f: () => Promise<unknown>, said: string) =>
    void run(async () => {
      setDone("");
      await f();
      setDone(said);
      await load();
    });
  const gradeClasses = classList.filter((c) => !c.archived && c.kind === ClassKind.GRADE);
  const load = () => run(async () => setList(await allPages((pageToken) => members.listMembers({ schoolId, pageSize: 500, pageToken }), (r) => r.members)));
  useEffect(() => void load(), [schoolId]);
  return (
    <>
      <RefusalBox error={error} />
      {done && <p role="status" class="ok">{done}</p>}
      <table>
        <caption>Участники школы</caption>
        <thead><tr><th scope="col">Имя</th><th scope="col">Роли</th><th scope="col">Классы</th><th scope="col">Действия</th></tr></thead>
        <tbody>
          {list.map((m) => (
            <tr key={m.userId} data-user={m.userId}>
              <th scope="row">{m.displayName}{m.verifiedTeacher && <span class="badge-ok" title="Подтверждённый учитель"> ✓ учитель</span>}</th>
              <td>{m.roles.map((r) => roleNames[r]).join(", ")}</td>
              <td>{m.classes.map((c) => className(c.classId)).join(", ")}</td>
              <td>
                {m.roles.includes(SchoolRole.TEACHER) && !m.verifiedTeacher && (
                  <button type="button" disabled={busy} onClick={() => void run(async () => { await members.verifyTeacher({ schoolId, userId: m.userId }); await load(); })}>
                    Подтвердить учителя
                  </button>
                )}
                {m.roles.includes(SchoolRole.TEACHER) && m.verifiedTeacher && !m.roles.includes(SchoolRole.ADMINISTRATOR) && (
                  <button type="button" class="secondary" disabled={busy} aria-label={`Назначить администратором: ${m.displayName}`}
                    onClick={() => act(() => members.appointAdministrator({ schoolId, userId: m.userId }), `${m.displayName}: назначен(а) администратором.`)}>
                    Назначить администратором
                  </button>
                )}
                {m.roles.includes(SchoolRole.STUDENT) && (
                  <span class="move">
                    <label for={`move-${m.userId}`}>Перевести в класс</label>
                    <select id={`move-${m.userId}`} value={moveTo.get(m.userId) ?? ""} onChange={(e) => setMoveTo(new Map(moveTo).set(m.userId, e.currentTarget.value))}>
                      <option value="">— класс —</option>
                      {gradeClasses.map((c) => <option key={c.classId} value={c.classId}>{c.name}</option>)}
                    </select>
                    <button type="button" class="secondary" disabled={busy || !moveTo.get(m.userId)} aria-label={`Перевести: ${m.displayName}`}
                      onClick={() => act(() => members.moveStudent({ schoolId, studentId: m.userId, toClassId: moveTo.get(m.userId)! }),
                        `${m.displayName}: переведён(а) в ${className(moveTo.get(m.userId)!)}.`)}>
                      Перевести
                    </button>
                    <button type="button" class="secondary" disabled={busy} aria-label={`Выбыл(а) из школы: ${m.displayName}`}
                      onClick={() => act(() => members.recordStudentLeft({ schoolId, userId: m.userId }), `${m.displayName}: выбыл(а) из школы.`)}>
                      Выбыл(а)
                    </button>
                  </span>
                )}
                {(m.roles.includes(SchoolRole.TEACHER) || m.roles.includes(SchoolRole.ADMINISTRATOR)) && (
                  <button type="button" class="secondary" disabled={busy} aria-label={`Уволен(а): ${m.displayName}`}
                    onClick={() => act(() => members.recordEmployeeLeft({ schoolId, userId: m.userId }), `${m.displayName}: уволен(а).`)}>
                    Уволен(а)
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const movementNames: Record<number, string> = {
  [MovementKind.JOINED]: "вступление",
  [MovementKind.STUDENT_MOVED]: "перевод ученика",
  [MovementKind.STUDENT_LEFT]: "выбытие ученика",
  [MovementKind.EMPLOYEE_LEFT]: "увольнение сотрудника",
  [MovementKind.PARENT_LEFT]: "выбытие родителя",
};

// ORG-10: the school's movements, newest first.
function Movements({ schoolId, className }: { schoolId: string; className: (id: string) => string }) {
  const [list, setList] = useState<Movement[]>([]);
  const [names, setNames] = useState(new Map<string, string>());
  const [error, , run] = useAction();
  useEffect(() => void run(async () => {
    const [moves, people] = await Promise.all([
      allPages((pageToken) => members.listMovements({ schoolId, pageSize: 500, pageToken }), (r) => r.movements),
      allPages((pageToken) => members.listMembers({ schoolId, pageSize: 500, pageToken }), (r) => r.members),
    ]);
    setNames(new Map(people.map((p) => [p.userId, p.displayName])));
    setList(moves);
  }), [schoolId]);
  const nameOf = (id: string) => names.get(id) ?? "бывший участник";
  return (
    <>
      <RefusalBox error={error} />
      <table>
        <caption>Движение учеников и сотрудников</caption>
        <thead><tr><th scope="col">Когда</th><th scope="col">Что</th><th scope="col">Кто</th><th scope="col">Из класса</th><th scope="col">В класс</th></tr></thead>
        <tbody>
          {list.map((m) => (
            <tr key={m.movementId} data-kind={MovementKind[m.kind]}>
              <th scope="row">{when(m.at)}</th>
              <td>{movementNames[m.kind] ?? ""}</td>
              <td>{nameOf(m.userId)}</td>
              <td>{m.fromClassId ? className(m.fromClassId) : "—"}</td>
              <td>{m.toClassId ? className(m.toClassId) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

// ORG-12: the school-wide and staff channels; administrators and the director post in them from the chat screen.
function Channels({ schoolId }: { schoolId: string }) {
  const [list, setList] = useState<Chat[]>([]);
  const [error, , run] = useAction();
  useEffect(() => void run(async () => {
    const all = await allPages((pageToken) => chats.listSchoolChats({ schoolId, pageSize: 500, pageToken }), (r) => r.chats);
    setList(all.filter((c) => c.kind === ChatKind.SCHOOL_CHANNEL || c.kind === ChatKind.STAFF_CHANNEL));
  }), [schoolId]);
  return (
    <>
      <RefusalBox error={error} />
      <p class="sub">В каналах пишут только администраторы и директор; остальные участники читают (ORG-12).</p>
      <ul class="plain channels">
        {list.map((c) => (
          <li key={c.chatId}>
            <a href={`#/chat/${c.chatId}`}>{c.title}</a>{" "}
            <span class="sub">({c.kind === ChatKind.SCHOOL_CHANNEL ? "вся школа" : "сотрудники"}, участников: {c.memberCount})</span>
          </li>
        ))}
      </ul>
    </>
  );
}

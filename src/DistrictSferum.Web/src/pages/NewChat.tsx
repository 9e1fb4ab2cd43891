import { useEffect, useState } from "preact/hooks";
import { allPages, chats, classes as classApi, newKey } from "../api";
import { follow } from "../live";
import { ChatKind } from "../gen/districtsferum/v1/chats_pb";
import { ClassKind, type Class } from "../gen/districtsferum/v1/classes_pb";
import { Page, RefusalBox, useAction } from "../ui";
import { useApp } from "../main";
import { Qr } from "../qr";

const kinds: [ChatKind, string][] = [
  [ChatKind.CLASS_PARENTS, "Чат с родителями класса"],
  [ChatKind.CLASS_STUDENTS, "Чат с учениками класса"],
  [ChatKind.CLASS_TEACHERS, "Чат учителей класса"],
  [ChatKind.SUBJECT, "Предметный чат с учениками"],
  [ChatKind.OTHER, "Другой чат"],
];

const defaultRules = "Уважайте друг друга.\nПишите по делу.\nБез рекламы и спама.";

// CHAT-1, CHAT-2, ETH-1: a (verified) teacher creates a chat and shares its link (CHAT-3).
export function NewChat() {
  const { schools } = useApp();
  const mine = schools.filter((s) => s.verifiedTeacher || s.administrator);
  const [schoolId, setSchoolId] = useState(mine[0]?.schoolId ?? "");
  const [classList, setClassList] = useState<Class[]>([]);
  const [classId, setClassId] = useState("");
  const [kind, setKind] = useState(ChatKind.CLASS_PARENTS);
  const [title, setTitle] = useState("");
  const [subject, setSubject] = useState("");
  const [rules, setRules] = useState(defaultRules);
  const [created, setCreated] = useState<{ chatId: string; link: string } | null>(null);
  const [error, busy, run] = useAction();

  useEffect(() => {
    if (!schoolId) return;
    void run(async () => {
      const all = await allPages((pageToken) => classApi.listClasses({ schoolId, pageSize: 500, pageToken }), (r) => r.classes);
      const list = all.filter((c) => c.kind !== ClassKind.STAFF_ROOM);
      setClassList(list);
      setClassId(list[0]?.classId ?? "");
    });
  }, [schoolId]);

  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const chat = (await chats.createChat({
        schoolId, kind, title, classId, subject: kind === ChatKind.SUBJECT ? subject : "", clientRequestId: newKey(),
        ruleClauses: rules.split("\n").map((r) => r.trim()).filter(Boolean),
      })).chat!;
      const link = await chats.createChatLink({ chatId: chat.chatId });
      follow([{ chatId: chat.chatId, lastSeq: chat.lastSeq }]);
      setCreated({ chatId: chat.chatId, link: `${location.origin}/#/join/${link.token}` });
    });
  };

  return (
    <Page title="Новый чат">
      {created ? (
        <div class="card">
          <p role="status">Чат создан. Отправьте ссылку тем, кого приглашаете: вступают они сами, приняв правила.</p>
          <label for="chat-link">Ссылка-приглашение</label>
          <input id="chat-link" readOnly value={created.link} onFocus={(e) => e.currentTarget.select()} />
          <Qr text={created.link} label="QR-код ссылки-приглашения в чат" />
          <p><a href={`#/chat/${created.chatId}`}>Открыть чат</a></p>
        </div>
      ) : (
        <form class="card" onSubmit={create}>
          {mine.length > 1 && (
            <>
              <label for="chat-school">Школа</label>
              <select id="chat-school" value={schoolId} onChange={(e) => setSchoolId(e.currentTarget.value)}>
                {mine.map((s) => <option key={s.schoolId} value={s.schoolId}>{s.name}</option>)}
              </select>
            </>
          )}
          <label for="chat-kind">Вид чата</label>
          <select id="chat-kind" value={kind} onChange={(e) => setKind(Number(e.currentTarget.value) as ChatKind)}>
            {kinds.map(([k, name]) => <option key={k} value={k}>{name}</option>)}
          </select>
          <label for="chat-class">Класс</label>
          <select id="chat-class" value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
            {classList.map((c) => <option key={c.classId} value={c.classId}>{c.name}</option>)}
          </select>
          {kind === ChatKind.SUBJECT && (
            <>
              <label for="chat-subject">Предмет</label>
              <input id="chat-subject" required value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
            </>
          )}
          <label for="chat-title">Название</label>
          <input id="chat-title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          <label for="chat-rules">Правила чата, по пункту в строке</label>
          <textarea id="chat-rules" rows={4} value={rules} onInput={(e) => setRules(e.currentTarget.value)} />
          <button type="submit" disabled={busy}>Создать чат</button>
        </form>
      )}
      <RefusalBox error={error} />
    </Page>
  );
}

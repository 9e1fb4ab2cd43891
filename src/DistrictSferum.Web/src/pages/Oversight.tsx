import { useEffect, useState } from "preact/hooks";
import { allPages, chats, members, moderation } from "../api";
import { ChatKind, type Chat } from "../gen/districtsferum/v1/chats_pb";
import type { AuditEntry, VerifyAuditResponse } from "../gen/districtsferum/v1/moderation_pb";
import { Page, RefusalBox, useAction, when } from "../ui";
import { useApp } from "../main";
import { actionName } from "../auditActions";
import { refusalTexts } from "../refusals";

const kindNames: Partial<Record<ChatKind, string>> = {
  [ChatKind.CLASS_STUDENTS]: "ученики класса",
  [ChatKind.CLASS_PARENTS]: "родители класса",
  [ChatKind.CLASS_TEACHERS]: "учителя класса",
  [ChatKind.SUBJECT]: "предметный",
  [ChatKind.ADMINS]: "администрация",
  [ChatKind.STAFF_ROOM]: "учительская",
  [ChatKind.PARENTS_COUNCIL]: "родительский совет",
  [ChatKind.STUDENTS_COUNCIL]: "ученический совет",
  [ChatKind.OTHER]: "другой",
  [ChatKind.SCHOOL_CHANNEL]: "канал школы",
  [ChatKind.STAFF_CHANNEL]: "канал сотрудников",
};

// The director's oversight (ORG-16): every chat of the school with its moderators, and the moderation audit log
// with a check of its hash chain.
export function Oversight({ schoolId }: { schoolId: string }) {
  const { schools } = useApp();
  const school = schools.find((s) => s.schoolId === schoolId);
  const [chatList, setChatList] = useState<Chat[]>([]);
  const [names, setNames] = useState(new Map<string, string>());
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [verified, setVerified] = useState<VerifyAuditResponse | null>(null);
  const [error, busy, run] = useAction();

  useEffect(() => {
    void run(async () => {
      const [c, m, a] = await Promise.all([
        allPages((pageToken) => chats.listSchoolChats({ schoolId, pageSize: 500, pageToken }), (r) => r.chats),
        allPages((pageToken) => members.listMembers({ schoolId, pageSize: 500, pageToken }), (r) => r.members),
        moderation.queryAudit({ schoolId, pageSize: 100 }),
      ]);
      setChatList(c);
      setNames(new Map(m.map((x) => [x.userId, x.displayName])));
      setAudit(a.entries);
    });
  }, [schoolId]);
  const nameOf = (id: string) => (id ? names.get(id) ?? "—" : "—");
  const chatTitle = (id: string) => chatList.find((c) => c.chatId === id)?.title ?? "—";

  return (
    <Page title={`Надзор: ${school?.name ?? "школа"}`}>
      <RefusalBox error={error} />
      <table>
        <caption>Чаты школы и их модераторы</caption>
        <thead><tr><th scope="col">Чат</th><th scope="col">Вид</th><th scope="col">Модераторы</th><th scope="col">Участников</th></tr></thead>
        <tbody>
          {chatList.map((c) => (
            <tr key={c.chatId}>
              <th scope="row">{c.title}{c.archivedAt ? " (архив)" : ""}</th>
              <td>{kindNames[c.kind] ?? ""}</td>
              <td>{c.moderatorIds.map(nameOf).join(", ")}</td>
              <td>{c.memberCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card" aria-labelledby="audit-title">
        <h2 id="audit-title">Журнал модерации</h2>
        <button type="button" disabled={busy} onClick={() => void run(async () => setVerified(await moderation.verifyAudit({ schoolId })))}>
          Проверить целостность журнала
        </button>
        {verified && (
          <p role="status" class={verified.intact ? "ok" : "refusal"}>
            {verified.intact
              ? `Журнал цел: проверено записей — ${verified.rowsChecked}.`
              : `Журнал повреждён начиная с записи № ${verified.firstBrokenSeq}.`}
          </p>
        )}
        <table>
          <caption>Последние записи</caption>
          <thead><tr><th scope="col">Когда</th><th scope="col">Действие</th><th scope="col">Чат</th><th scope="col">Кто</th><th scope="col">О ком</th><th scope="col">Пункт</th></tr></thead>
          <tbody>
            {audit.map((e) => (
              <tr key={String(e.seq)} data-action={e.action}>
                <th scope="row">{when(e.at)}</th>
                <td>{actionName(e.action)}{e.refused ? ` — отказано: ${refusalTexts[e.errorCode] ?? e.errorCode}` : ""}</td>
                <td>{chatTitle(e.chatId)}</td>
                <td>{nameOf(e.actorId)}</td>
                <td>{nameOf(e.subjectUserId)}</td>
                <td>{e.clause || ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Page>
  );
}

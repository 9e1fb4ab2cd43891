import { useEffect, useState } from "preact/hooks";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { allPages, moderation, type Refusal } from "../api";
import type { Chat } from "../gen/districtsferum/v1/chats_pb";
import type { Report, Sanctions, Violation } from "../gen/districtsferum/v1/moderation_pb";
import { RefusalBox, useAction, when } from "../ui";

// ETH-5..ETH-8 for the chat's moderators: block a member citing the violations chosen (the server refuses fewer
// than four, ETH-6), and the queue of members' reports.
export function Moderation({ chat, names }: { chat: Chat; names: Map<string, string>; onError: (r: Refusal | null) => void }) {
  const [member, setMember] = useState("");
  const [violations, setViolations] = useState<Violation[]>([]);
  const [sanctions, setSanctions] = useState<Sanctions | null>(null);
  const [chosen, setChosen] = useState(new Set<string>());
  const [days, setDays] = useState(7);
  const [reports, setReports] = useState<Report[]>([]);
  const [done, setDone] = useState("");
  const [error, busy, run] = useAction();

  const loadReports = () => run(async () => setReports(await allPages((pageToken) => moderation.listReports({ chatId: chat.chatId, pageToken }), (r) => r.reports)));
  useEffect(() => void loadReports(), [chat.chatId]);

  const loadSanctions = async (userId: string) => {
    const r = await moderation.getMemberSanctions({ chatId: chat.chatId, userId });
    setSanctions(r.sanctions ?? null);
    setViolations(r.sanctions?.violations.filter((v) => !v.citedByBlockId) ?? []);
  };

  const pick = (userId: string) => {
    setMember(userId);
    setChosen(new Set());
    setDone("");
    setSanctions(null);
    if (!userId) return setViolations([]);
    void run(() => loadSanctions(userId));
  };

  // ETH-7: members object to an early unblock within the window after the apology; moderators end a block early after it.
  const dueProcess = (action: "object" | "unblock") =>
    void run(async () => {
      if (action === "object") await moderation.objectToUnblock({ chatId: chat.chatId, userId: member });
      else await moderation.unblockEarly({ chatId: chat.chatId, userId: member });
      setDone(action === "object" ? "Возражение записано." : `${names.get(member) ?? "Участник"} разблокирован(а) досрочно.`);
      await loadSanctions(member);
    });

  const block = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const until = new Date(Date.now() + days * 86_400_000);
      await moderation.blockMember({ chatId: chat.chatId, userId: member, violationIds: [...chosen], until: timestampFromDate(until) });
      setDone(`${names.get(member) ?? "Участник"} заблокирован(а) до ${until.toLocaleDateString("ru-RU")}.`);
      await loadSanctions(member);
    });
  };

  const others = [...names].filter(([id]) => !chat.moderatorIds.includes(id));
  return (
    <section class="card moderation" aria-labelledby="moderation-title">
      <h2 id="moderation-title">Модерация</h2>
      <form onSubmit={block}>
        <h3>Блокировка участника</h3>
        <p class="sub">Блокировка возможна только за нарушения правил, больше трёх записанных нарушений, не дольше месяца (ETH-6, ETH-8).</p>
        <label for="block-member">Участник</label>
        <select id="block-member" value={member} onChange={(e) => pick(e.currentTarget.value)}>
          <option value="">— выберите —</option>
          {others.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
        </select>
        {member && sanctions && (
          <DueProcess sanctions={sanctions} names={names} onAction={dueProcess} busy={busy} />
        )}
        {member && (
          <fieldset>
            <legend>Нарушения для блокировки</legend>
            {violations.length === 0 && <p>Записанных нарушений нет.</p>}
            {violations.map((v) => (
              <div class="check" key={v.violationId}>
                <input id={`v-${v.violationId}`} type="checkbox" checked={chosen.has(v.violationId)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.currentTarget.checked) next.add(v.violationId);
                    else next.delete(v.violationId);
                    setChosen(next);
                  }} />
                <label for={`v-${v.violationId}`}>Пункт {v.clause}: {v.clauseText} ({when(v.at)})</label>
              </div>
            ))}
          </fieldset>
        )}
        <label for="block-days">Срок, дней (не больше 31)</label>
        <input id="block-days" type="number" min={1} max={31} value={days} onInput={(e) => setDays(Number(e.currentTarget.value))} />
        <button type="submit" disabled={busy || !member}>Заблокировать</button>
        {done && <p role="status" class="ok">{done}</p>}
      </form>
      <RefusalBox error={error} />
      <h3>Жалобы участников</h3>
      {reports.length === 0 ? (
        <p>Жалоб нет.</p>
      ) : (
        <ul class="reports">
          {reports.map((r) => (
            <li key={r.reportId}>
              Сообщение №{String(r.messageSeq)} — {r.reason} ({names.get(r.reporterId) ?? "участник"}, {when(r.at)})
              <button type="button" class="secondary"
                onClick={() => void run(async () => { await moderation.resolveReport({ chatId: chat.chatId, reportId: r.reportId }); await loadReports(); })}>
                Рассмотрено
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="secondary" onClick={() => void loadReports()}>Обновить жалобы</button>
    </section>
  );
}


/** The due-process view of one member (ETH-5..ETH-8): every violation with its rule and evidence, the block with its
 *  apology, objection window and objectors, and the early unblock. */
function DueProcess({ sanctions, names, onAction, busy }: {
  sanctions: Sanctions;
  names: Map<string, string>;
  onAction: (action: "object" | "unblock") => void;
  busy: boolean;
}) {
  const block = sanctions.activeBlock;
  const nameOf = (id: string) => names.get(id) ?? "участник";
  const uncited = sanctions.violations.filter((v) => !v.citedByBlockId).length;
  return (
    <div class="due-process">
      <table>
        <caption>Записанные нарушения (не учтено в блокировках: {uncited}; блокировка — только больше чем за три)</caption>
        <thead><tr><th scope="col">Когда</th><th scope="col">Пункт правил</th><th scope="col">Сообщение</th><th scope="col">Модератор</th><th scope="col">Блокировка</th></tr></thead>
        <tbody>
          {sanctions.violations.map((v) => (
            <tr key={v.violationId} data-violation={v.violationId}>
              <th scope="row">{when(v.at)}</th>
              <td>{v.clause}. {v.clauseText}</td>
              <td>{sanctions.evidence[String(v.messageSeq)] ?? `№${v.messageSeq}`}</td>
              <td>{nameOf(v.moderatorId)}</td>
              <td>{v.citedByBlockId ? "учтено" : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {block ? (
        <div class="block-info" role="group" aria-label="Блокировка">
          <p>
            <strong>Заблокирован(а)</strong> с {when(block.from)} до {when(block.until)}; решение: {nameOf(block.moderatorId)}; нарушений: {block.violationIds.length}.
          </p>
          {block.apologyAt ? (
            <p class="apology">
              Извинение {when(block.apologyAt)}{sanctions.evidence[String(block.apologySeq)] ? `: «${sanctions.evidence[String(block.apologySeq)]}»` : ""}.
              {" "}Возражения до {when(block.objectionDeadline)}
              {block.objectorIds.length > 0 ? `; возразили: ${block.objectorIds.map(nameOf).join(", ")}.` : "; возражений нет."}
            </p>
          ) : (
            <p>Извинения нет: досрочная разблокировка возможна только после извинения и срока для возражений (ETH-7).</p>
          )}
          <button type="button" class="secondary" disabled={busy} onClick={() => onAction("object")}>Возразить против досрочной разблокировки</button>
          <button type="button" disabled={busy} onClick={() => onAction("unblock")}>Разблокировать досрочно</button>
        </div>
      ) : (
        <p>Сейчас не заблокирован(а).</p>
      )}
    </div>
  );
}

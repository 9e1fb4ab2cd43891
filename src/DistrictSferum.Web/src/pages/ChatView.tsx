import { useEffect, useRef, useState } from "preact/hooks";
import { allPages, chats, moderation, newKey } from "../api";
import { follow, onChatEvent } from "../live";
import { ChatEventKind, ChatKind, type Chat, type ChatEvent, type Message } from "../gen/districtsferum/v1/chats_pb";
import { Page, RefusalBox, useAction, when } from "../ui";
import { useApp } from "../main";
import { RulesForm } from "./JoinChat";
import { Moderation } from "./Moderation";
import { AttachPicker, Attachment, PollCard, PollForm, type PollLive } from "./ChatExtras";
import type { ChatFile } from "../gen/districtsferum/v1/files_pb";

/** One line of the timeline: a message or another event of the chat, by sequence number. */
export type Item = { seq: bigint; message?: Message; event?: ChatEvent };

const pageSize = 30;

export function ChatView({ chatId }: { chatId: string }) {
  const { me } = useApp();
  const [chat, setChat] = useState<Chat | null>(null);
  const [rulesToAccept, setRulesToAccept] = useState(false);
  const [names, setNames] = useState(new Map<string, string>());
  const [items, setItems] = useState(new Map<bigint, Item>());
  const [hasOlder, setHasOlder] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [body, setBody] = useState("");
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [editing, setEditing] = useState<Message | null>(null);
  const [blocked, setBlocked] = useState(false);
  const [accepted, setAccepted] = useState(false);
  const [mentioned, setMentioned] = useState(new Set<string>());
  const [pollLive, setPollLive] = useState(new Map<string, PollLive>());
  const [attached, setAttached] = useState<ChatFile[]>([]);
  // One key per text until it is sent: pressing "send" again after a failure cannot store it twice.
  const [sendKey, setSendKey] = useState(newKey);
  const [error, busy, run, setError] = useAction();
  const top = useRef<HTMLDivElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const moderator = !!chat?.moderatorIds.includes(me.userId);
  const nameOf = (id: string) => names.get(id) ?? "Участник";

  const merge = (add: Item[]) =>
    setItems((old) => {
      const next = new Map(old);
      for (const i of add) {
        const prev = next.get(i.seq);
        next.set(i.seq, prev?.message && !i.message ? prev : i);
      }
      return next;
    });

  const loadOlder = async () => {
    if (loadingOlder || !hasOlder) return;
    setLoadingOlder(true);
    const messages = [...itemsRef.current.values()].filter((i) => i.message);
    const oldest = messages.length ? messages.reduce((a, b) => (a.seq < b.seq ? a : b)).seq : 0n;
    await run(async () => {
      const r = await chats.getHistory({ chatId, beforeSeq: oldest, limit: pageSize });
      merge([...r.messages.map((m) => ({ seq: m.seq, message: m })), ...r.events.map((e) => ({ seq: e.seq, event: e }))]);
      if (r.messages.length < pageSize) setHasOlder(false);
    });
    setLoadingOlder(false);
  };

  const loadMembers = async () => {
    const all = await allPages((pageToken) => chats.listChatMembers({ chatId, pageSize: 500, pageToken }), (r) => r.members);
    setNames(new Map(all.map((m) => [m.userId, m.displayName])));
  };

  useEffect(() => {
    setItems(new Map());
    setHasOlder(true);
    void run(async () => {
      const [c, mine, sanctions] = await Promise.all([
        chats.getChat({ chatId }),
        allPages((pageToken) => chats.listMyChats({ pageToken }), (r) => r.chats),
        moderation.getMySanctions({ chatId }).catch(() => null),
      ]);
      setChat(c.chat ?? null);
      setRulesToAccept(!!mine.find((m) => m.chat?.chatId === chatId)?.rulesToAccept);
      setBlocked(!!sanctions?.sanctions?.activeBlock);
      follow([{ chatId, lastSeq: c.chat!.lastSeq }]);
      await loadMembers();
      const r = await chats.getHistory({ chatId, beforeSeq: 0n, limit: pageSize });
      merge([...r.messages.map((m) => ({ seq: m.seq, message: m })), ...r.events.map((e) => ({ seq: e.seq, event: e }))]);
      if (r.messages.length < pageSize) setHasOlder(false);
      if (c.chat!.lastSeq > 0n) await chats.markRead({ chatId, seq: c.chat!.lastSeq });
      bottom.current?.scrollIntoView();
    });
    return onChatEvent((e) => {
      if (e.chatId !== chatId) return;
      applyLive(e);
      if (e.kind === ChatEventKind.POSTED) void chats.markRead({ chatId, seq: e.seq }).catch(() => {});
      if (e.kind === ChatEventKind.MEMBER_JOINED) {
        setChat((c) => c && { ...c, memberCount: c.memberCount + 1 });
        void loadMembers().catch(() => {});
      }
      if (e.kind === ChatEventKind.MEMBER_LEFT || e.kind === ChatEventKind.MEMBER_REMOVED) setChat((c) => c && { ...c, memberCount: c.memberCount - 1 });
      if (e.kind === ChatEventKind.MEMBER_BLOCKED && e.subjectUserId === me.userId) setBlocked(true);
      if (e.kind === ChatEventKind.BLOCK_ENDED && e.subjectUserId === me.userId) setBlocked(false);
      requestAnimationFrame(() => bottom.current?.scrollIntoView({ block: "nearest" }));
    });
  }, [chatId]);

  // Infinite scroll: reaching the top loads the page before the oldest message.
  useEffect(() => {
    if (!top.current) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && itemsRef.current.size > 0) void loadOlder();
    });
    observer.observe(top.current);
    return () => observer.disconnect();
  }, [top.current, hasOlder, loadingOlder]);

  const applyLive = (e: ChatEvent) => {
    switch (e.kind) {
      case ChatEventKind.POSTED:
      case ChatEventKind.APOLOGY: {
        const m: Message = {
          $typeName: "districtsferum.v1.Message", chatId: e.chatId, seq: e.seq, authorId: e.actorId, body: e.body, replyTo: e.replyTo,
          mentions: e.mentions, at: e.at, attachmentIds: e.attachmentIds, deletedBy: "",
        } as Message;
        merge([{ seq: e.seq, message: m }]);
        break;
      }
      case ChatEventKind.EDITED:
        setItems((old) => {
          const target = old.get(e.targetSeq);
          if (!target?.message) return old;
          const next = new Map(old);
          next.set(e.targetSeq, { ...target, message: { ...target.message, body: e.body, editedAt: e.at } });
          return next;
        });
        break;
      case ChatEventKind.DELETED:
        setItems((old) => {
          const target = old.get(e.targetSeq);
          if (!target?.message) return old;
          const next = new Map(old);
          next.set(e.targetSeq, { ...target, message: { ...target.message, body: "", deletedAt: e.at, deletedBy: e.actorId } });
          return next;
        });
        break;
      case ChatEventKind.POLL_VOTES:
      case ChatEventKind.POLL_CLOSED:
        setPollLive((old) => new Map(old).set(e.pollId, { counts: e.pollCounts, closed: e.kind === ChatEventKind.POLL_CLOSED || !!old.get(e.pollId)?.closed }));
        if (e.kind === ChatEventKind.POLL_CLOSED) merge([{ seq: e.seq, event: e }]);
        break;
      default:
        merge([{ seq: e.seq, event: e }]);
    }
  };

  const send = (e: Event) => {
    e.preventDefault();
    if (!body.trim() && (editing || attached.length === 0)) return;
    void run(async () => {
      if (editing) {
        await chats.editMessage({ chatId, seq: editing.seq, body });
        setEditing(null);
      } else {
        await chats.sendMessage({
          chatId, clientKey: sendKey, body, replyTo: replyTo?.seq ?? 0n, apology: blocked, mentions: [...mentioned],
          attachmentIds: attached.map((f) => f.fileId),
        });
        setSendKey(newKey());
        setReplyTo(null);
        setMentioned(new Set());
        setAttached([]);
      }
      setBody("");
    });
  };

  const acceptRules = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await chats.acceptRules({ chatId, version: chat!.rules!.version });
      setChat(r.chat ?? chat);
      setRulesToAccept(false);
    });
  };

  if (!chat) return <Page title="Чат"><RefusalBox error={error} />{!error && <p role="status">Загрузка…</p>}</Page>;
  const timeline = [...items.values()].sort((a, b) => (a.seq < b.seq ? -1 : 1));

  return (
    <Page title={chat.title}>
      <p class="sub">
        Участников: {chat.memberCount}
        {moderator && " · вы модератор"}
      </p>
      <details class="card">
        <summary>Правила чата (версия {chat.rules?.version})</summary>
        <ol>{chat.rules?.clauses.map((c, i) => <li key={i}>{c}</li>)}</ol>
      </details>
      {rulesToAccept && (
        <RulesForm chat={chat} accepted={accepted} setAccepted={setAccepted} busy={busy} onSubmit={acceptRules} action="Принять новые правила" />
      )}
      <div class="timeline" aria-label="Сообщения">
        <div ref={top} class="older">
          {hasOlder ? (
            <button type="button" class="secondary" onClick={() => void loadOlder()} disabled={loadingOlder}>
              {loadingOlder ? "Загрузка…" : "Показать ранее"}
            </button>
          ) : (
            <span class="sub">Начало истории</span>
          )}
        </div>
        <ol class="messages" aria-live="polite" aria-relevant="additions">
          {timeline.map((i) =>
            i.message ? (
              <MessageRow
                key={String(i.seq)}
                m={i.message}
                mine={i.message.authorId === me.userId}
                author={nameOf(i.message.authorId)}
                mentionsMe={i.message.mentions.includes(me.userId)}
                quoted={i.message.replyTo ? items.get(i.message.replyTo)?.message : undefined}
                onReply={() => { setReplyTo(i.message!); setEditing(null); document.getElementById("message-body")?.focus(); }}
                onEdit={() => { setEditing(i.message!); setBody(i.message!.body); setReplyTo(null); document.getElementById("message-body")?.focus(); }}
                onDelete={() => void run(() => chats.deleteMessage({ chatId, seq: i.message!.seq }))}
                onReport={(reason) => void run(() => moderation.reportMessage({ chatId, seq: i.message!.seq, reason }))}
                moderator={moderator}
                clauses={chat.rules?.clauses ?? []}
                onModerate={(action, clause) =>
                  void run(() =>
                    action === "remind"
                      ? moderation.remindMember({ chatId, seq: i.message!.seq, clause })
                      : moderation.deleteMessageAsModerator({ chatId, seq: i.message!.seq, clause }),
                  )
                }
              />
            ) : i.event!.kind === ChatEventKind.POLL_OPENED && i.event!.pollId ? (
              <li key={String(i.seq)} class="event-poll" data-seq={String(i.seq)}>
                <PollCard pollId={i.event!.pollId} live={pollLive.get(i.event!.pollId)} names={nameOf} />
              </li>
            ) : (
              <li key={String(i.seq)} class="event" data-seq={String(i.seq)}>
                {describe(i.event!, nameOf)}
              </li>
            ),
          )}
        </ol>
        <div ref={bottom} />
      </div>
      <RefusalBox error={error} />
      {!chat.archivedAt && (
        <form class="composer" onSubmit={send}>
          {replyTo && (
            <p class="replying">
              Ответ на: «{replyTo.body.slice(0, 60)}» <button type="button" class="link" onClick={() => setReplyTo(null)}>отменить ответ</button>
            </p>
          )}
          {editing && (
            <p class="replying">
              Изменение сообщения <button type="button" class="link" onClick={() => { setEditing(null); setBody(""); }}>отменить</button>
            </p>
          )}
          {blocked && <p class="note">Вы заблокированы в этом чате. Вы можете один раз отправить извинение (ETH-7).</p>}
          <label for="message-body">{blocked ? "Извинение" : "Сообщение"}</label>
          <textarea id="message-body" rows={2} value={body} onInput={(e) => { setBody(e.currentTarget.value); setSendKey(newKey()); }}
            onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) send(e); }} />
          {!editing && !blocked && (
            <>
              <label for="mention">Упомянуть участника</label>
              <select id="mention" value="" onChange={(e) => {
                const id = e.currentTarget.value;
                if (!id) return;
                setMentioned(new Set(mentioned).add(id));
                setBody((b) => `${b}${b && !b.endsWith(" ") ? " " : ""}@${nameOf(id)} `);
                document.getElementById("message-body")?.focus();
              }}>
                <option value="">— выберите —</option>
                {[...names].filter(([id]) => id !== me.userId).map(([id, name]) => <option key={id} value={id}>{name}</option>)}
              </select>
              {mentioned.size > 0 && <p class="sub">Будут упомянуты: {[...mentioned].map(nameOf).join(", ")}</p>}
              {chat.kind !== ChatKind.COMMUNITY_CHAT && chat.kind !== ChatKind.COMMUNITY_CHANNEL && (
                <AttachPicker schoolId={chat.schoolId} attached={attached} setAttached={setAttached} />
              )}
            </>
          )}
          <button type="submit" disabled={busy}>{editing ? "Сохранить" : "Отправить"}</button>
        </form>
      )}
      {!chat.archivedAt && !blocked && <PollForm chatId={chatId} />}
      {moderator && <Moderation chat={chat} names={names} onError={setError} />}
    </Page>
  );
}

function MessageRow(props: {
  m: Message;
  mine: boolean;
  mentionsMe: boolean;
  author: string;
  quoted?: Message;
  moderator: boolean;
  clauses: string[];
  onReply: () => void;
  onEdit: () => void;
  onDelete: () => void;
  onReport: (reason: string) => void;
  onModerate: (action: "remind" | "delete", clause: number) => void;
}) {
  const { m } = props;
  const [clause, setClause] = useState(1);
  const deleted = !!m.deletedAt;
  const id = `msg-${m.seq}`;
  return (
    <li class={`message${props.mine ? " mine" : ""}${props.mentionsMe && !deleted ? " mentioned" : ""}`} data-seq={String(m.seq)} aria-labelledby={id}>
      <div id={id}>
        <span class="author">{props.author}</span> <time class="sub">{when(m.at)}</time>
        {m.editedAt && !deleted && <span class="sub"> (изменено)</span>}
        {props.mentionsMe && !deleted && <span class="mention-tag"> вас упомянули</span>}
      </div>
      {props.quoted && <blockquote class="quote">{props.quoted.body || "сообщение удалено"}</blockquote>}
      <p class="body">{deleted ? <em>Сообщение удалено{m.deletedBy && m.deletedBy !== m.authorId ? " модератором" : ""}</em> : m.body}</p>
      {!deleted && m.attachmentIds.length > 0 && (
        <ul class="attachments" aria-label="Файлы">
          {m.attachmentIds.map((f) => <Attachment key={f} fileId={f} />)}
        </ul>
      )}
      {!deleted && (
        <div class="actions">
          <button type="button" class="link" onClick={props.onReply} aria-label={`Ответить: ${props.author}`}>Ответить</button>
          {props.mine && <button type="button" class="link" onClick={props.onEdit}>Изменить</button>}
          {props.mine && <button type="button" class="link" onClick={props.onDelete}>Удалить</button>}
          {!props.mine && <button type="button" class="link" onClick={() => props.onReport("Нарушение правил")}>Пожаловаться</button>}
          {props.moderator && !props.mine && (
            <span class="moderate">
              <label for={`clause-${m.seq}`}>Пункт правил</label>
              <select id={`clause-${m.seq}`} value={clause} onChange={(e) => setClause(Number(e.currentTarget.value))}>
                {props.clauses.map((c, i) => <option key={i} value={i + 1}>{i + 1}. {c}</option>)}
              </select>
              <button type="button" class="link" onClick={() => props.onModerate("remind", clause)}>Напомнить о правиле</button>
              <button type="button" class="link" onClick={() => props.onModerate("delete", clause)}>Удалить по пункту</button>
            </span>
          )}
        </div>
      )}
    </li>
  );
}

function describe(e: ChatEvent, nameOf: (id: string) => string): string {
  const who = nameOf(e.subjectUserId || e.actorId);
  switch (e.kind) {
    case ChatEventKind.MEMBER_JOINED: return `${who} вступает в чат`;
    case ChatEventKind.MEMBER_LEFT: return `${who} выходит из чата`;
    case ChatEventKind.MEMBER_REMOVED: return `${who} больше не в чате`;
    case ChatEventKind.RULES_CHANGED: return `Правила изменены (версия ${e.targetSeq})`;
    case ChatEventKind.VIOLATION_RECORDED: return `${who}: напоминание о правилах, нарушение записано${e.body ? ` — ${e.body}` : ""}`;
    case ChatEventKind.MEMBER_BLOCKED: return `${who} заблокирован(а)${e.body ? ` — ${e.body}` : ""}`;
    case ChatEventKind.OBJECTION_RAISED: return `Возражение против досрочной разблокировки`;
    case ChatEventKind.EARLY_UNBLOCK_POSSIBLE: return `Возражений нет: возможна досрочная разблокировка ${who}`;
    case ChatEventKind.BLOCK_ENDED: return `Блокировка ${who} закончилась`;
    case ChatEventKind.MODERATOR_APPOINTED: return `${who} назначен(а) модератором`;
    case ChatEventKind.MEETING_NOTICE: return e.body.split("\n")[0] ?? "Встреча";
    case ChatEventKind.POLL_OPENED: return `Опрос: ${e.body}`;
    case ChatEventKind.POLL_CLOSED: return `Опрос закрыт`;
    case ChatEventKind.CHAT_ARCHIVED: return `Чат в архиве: ${e.body}`;
    default: return e.body;
  }
}

import { useEffect, useState } from "preact/hooks";
import { allPages, chats } from "../api";
import { follow, onChatEvent } from "../live";
import { ChatEventKind, type MyChat } from "../gen/districtsferum/v1/chats_pb";
import { Page, RefusalBox, go, tokenOf, useAction } from "../ui";
import { useApp } from "../main";

// My chats with unread counts, kept live by the one Subscribe stream.
export function ChatList() {
  const { me } = useApp();
  const [list, setList] = useState<MyChat[] | null>(null);
  const [link, setLink] = useState("");
  const [error, , run] = useAction();

  useEffect(() => {
    void run(async () => {
      const mine = await allPages((pageToken) => chats.listMyChats({ pageToken }), (r) => r.chats);
      setList(mine);
      follow(mine.map((c) => ({ chatId: c.chat!.chatId, lastSeq: c.chat!.lastSeq })));
    });
    return onChatEvent((e) => {
      if (e.kind !== ChatEventKind.POSTED || e.actorId === me.userId) return;
      setList((l) => l && l.map((c) => (c.chat!.chatId === e.chatId ? { ...c, unread: c.unread + 1n } : c)));
    });
  }, []);

  return (
    <Page title="Мои чаты">
      <RefusalBox error={error} />
      {list === null ? (
        <p role="status">Загрузка…</p>
      ) : list.length === 0 ? (
        <p>Вы пока не состоите ни в одном чате. Вступите по ссылке-приглашению от учителя.</p>
      ) : (
        <ul class="chat-list">
          {list.map((c) => (
            <li key={c.chat!.chatId}>
              <a href={`#/chat/${c.chat!.chatId}`}>
                <span class="title">{c.chat!.title}</span>
                {c.unread > 0n && (
                  <span class="badge" aria-label={`непрочитанных: ${c.unread}`} data-unread={String(c.unread)}>
                    {String(c.unread)}
                  </span>
                )}
                {c.rulesToAccept && <span class="note">новые правила</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          const token = tokenOf(link);
          if (token) go(link.includes("/invite/") ? `invite/${encodeURIComponent(token)}` : `join/${encodeURIComponent(token)}`);
        }}
      >
        <h2>Вступить по ссылке</h2>
        <label for="join-link">Ссылка-приглашение или код</label>
        <input id="join-link" value={link} onInput={(e) => setLink(e.currentTarget.value)} required />
        <button type="submit">Открыть</button>
      </form>
    </Page>
  );
}

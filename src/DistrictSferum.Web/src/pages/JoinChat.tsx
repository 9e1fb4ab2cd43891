import { useEffect, useState } from "preact/hooks";
import { chats } from "../api";
import { restart, follow } from "../live";
import type { Chat } from "../gen/districtsferum/v1/chats_pb";
import { Page, RefusalBox, go, useAction } from "../ui";

// ETH-3, ETH-4: the person reads the chat's rules and joins by their own act, accepting that version.
export function JoinChat({ token }: { token: string }) {
  const [chat, setChat] = useState<Chat | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [error, busy, run] = useAction();

  useEffect(() => {
    void run(async () => setChat((await chats.getChat({ linkToken: token })).chat ?? null));
  }, [token]);

  const join = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await chats.joinChat({ linkToken: token, acceptedRulesVersion: chat!.rules!.version });
      follow([{ chatId: r.chat!.chatId, lastSeq: 0n }]);
      restart();
      go(`chat/${r.chat!.chatId}`);
    });
  };

  return (
    <Page title={chat ? `Вступление в чат «${chat.title}»` : "Вступление в чат"}>
      <RefusalBox error={error} />
      {chat && <RulesForm chat={chat} accepted={accepted} setAccepted={setAccepted} busy={busy} onSubmit={join} action="Принять правила и вступить" />}
    </Page>
  );
}

export function RulesForm(props: {
  chat: Chat;
  accepted: boolean;
  setAccepted: (v: boolean) => void;
  busy: boolean;
  onSubmit: (e: Event) => void;
  action: string;
}) {
  const { chat } = props;
  return (
    <form class="card rules" onSubmit={props.onSubmit}>
      <h2>Правила чата (версия {chat.rules?.version})</h2>
      <ol>
        {chat.rules?.clauses.map((c, i) => <li key={i}>{c}</li>)}
      </ol>
      <div class="check">
        <input id="accept-rules" type="checkbox" required checked={props.accepted} onChange={(e) => props.setAccepted(e.currentTarget.checked)} />
        <label for="accept-rules">Я прочитал(а) правила и принимаю их</label>
      </div>
      <button type="submit" disabled={props.busy || !props.accepted}>{props.action}</button>
    </form>
  );
}

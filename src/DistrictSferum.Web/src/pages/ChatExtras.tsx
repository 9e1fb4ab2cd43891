// Files, polls and mentions in a chat (CHAT-8, CHAT-4): attachments uploaded in unary calls (a browser cannot
// stream a request over gRPC-Web), shown in the history and downloaded through FileService.DownloadFile (server
// streaming), polls with live counts (POLL_VOTES events), and the composer's mention picker.
import { useEffect, useState } from "preact/hooks";
import { ConnectError, Code } from "@connectrpc/connect";
import { files, polls, newKey, refusal } from "../api";
import type { ChatFile } from "../gen/districtsferum/v1/files_pb";
import type { Poll } from "../gen/districtsferum/v1/polls_pb";
import { RefusalBox, useAction } from "../ui";

/** Live state of a poll from the chat's events: the counts per option, and whether it closed. */
export type PollLive = { counts: number[]; closed: boolean };

const sizeText = (bytes: bigint) => {
  const n = Number(bytes);
  return n < 1024 ? `${n} Б` : n < 1024 * 1024 ? `${Math.round(n / 1024)} КБ` : `${(n / 1024 / 1024).toFixed(1)} МБ`;
};

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** Worth another try from where the server stands: the network, the rate of changes, or a chunk sent twice. */
const resumable = (e: unknown) =>
  e instanceof ConnectError &&
  (e.code === Code.Unavailable || e.code === Code.DeadlineExceeded || ["CALL_RATE_LIMITED", "UPLOAD_OFFSET_MISMATCH"].includes(refusal(e).reason));

/**
 * Uploads a file for the school's chats: StartUpload, the chunks in order, FinishUpload. A failure on the way resumes
 * where the server stands (a start with the same request id answers the same upload and the bytes it has).
 */
export async function uploadFile(schoolId: string, file: File, progress: (sent: number) => void): Promise<ChatFile> {
  if (!crypto.subtle) throw new Error("Файлы загружаются только по защищённому соединению (HTTPS).");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sha256 = hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
  const header = { schoolId, name: file.name, contentType: file.type, size: BigInt(bytes.length), sha256, clientRequestId: newKey().replace(/-/g, "") };
  for (let attempt = 1; ; attempt++) {
    try {
      const start = await files.startUpload({ header });
      if (start.file) return start.file;
      let at = Number(start.received);
      progress(at);
      while (at < bytes.length) {
        const chunk = bytes.subarray(at, Math.min(bytes.length, at + start.maxChunkBytes));
        at = Number((await files.appendUpload({ uploadId: start.uploadId, offset: BigInt(at), chunk })).received);
        progress(at);
      }
      return (await files.finishUpload({ uploadId: start.uploadId })).file!;
    } catch (e) {
      if (attempt >= 5 || !resumable(e)) throw e;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

/** The composer's files: pick some, watch each upload's progress, remove one before sending. */
export function AttachPicker({ schoolId, attached, setAttached }: { schoolId: string; attached: ChatFile[]; setAttached: (f: ChatFile[]) => void }) {
  const [uploading, setUploading] = useState<{ name: string; sent: number; size: number } | null>(null);
  const [error, busy, run] = useAction();
  const attach = (list: File[]) =>
    run(async () => {
      let all = attached;
      try {
        for (const f of list) {
          setUploading({ name: f.name, sent: 0, size: f.size });
          all = [...all, await uploadFile(schoolId, f, (sent) => setUploading({ name: f.name, sent, size: f.size }))];
          setAttached(all);
        }
      } finally {
        setUploading(null);
      }
    });

  return (
    <div class="attach">
      <label for="attach">Прикрепить файлы</label>
      <input id="attach" type="file" multiple disabled={busy}
        onChange={(e) => { const list = [...(e.currentTarget.files ?? [])]; e.currentTarget.value = ""; void attach(list); }} />
      {uploading && (
        <p role="status">
          Загрузка «{uploading.name}»{" "}
          <progress max={Math.max(uploading.size, 1)} value={uploading.sent} aria-label={`Загрузка ${uploading.name}`} />
        </p>
      )}
      {attached.length > 0 && (
        <ul class="attached" aria-label="Прикреплённые файлы">
          {attached.map((f) => (
            <li key={f.fileId} data-file-id={f.fileId}>
              {f.name} <span class="sub">({sizeText(f.size)})</span>{" "}
              <button type="button" class="link" aria-label={`Убрать ${f.name}`} onClick={() => setAttached(attached.filter((a) => a.fileId !== f.fileId))}>
                убрать
              </button>
            </li>
          ))}
        </ul>
      )}
      <RefusalBox error={error} />
    </div>
  );
}

/** One attached file: its name and size, and a button that downloads it (the bytes stream in, then the browser saves them). */
export function Attachment({ fileId }: { fileId: string }) {
  const [file, setFile] = useState<ChatFile | null>(null);
  const [error, busy, run] = useAction();
  useEffect(() => void run(async () => setFile((await files.getFile({ fileId })).file ?? null)), [fileId]);

  const download = () =>
    run(async () => {
      const parts: BlobPart[] = [];
      let described: ChatFile | undefined;
      for await (const r of files.downloadFile({ fileId })) {
        described ??= r.file;
        if (r.chunk.length) parts.push(new Uint8Array(r.chunk));
      }
      const url = URL.createObjectURL(new Blob(parts, { type: described?.contentType || "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = described?.name || file?.name || "файл";
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });

  return (
    <li class="attachment" data-file-id={fileId}>
      {file ? (
        <>
          <span class="file-name">{file.name}</span> <span class="sub">({sizeText(file.size)})</span>{" "}
          <button type="button" class="link" disabled={busy} onClick={() => void download()} aria-label={`Скачать ${file.name}`}>
            Скачать
          </button>
        </>
      ) : (
        !error && <span class="sub">файл…</span>
      )}
      <RefusalBox error={error} />
    </li>
  );
}

/** A poll in the timeline: its question, each option's count (live), and a vote for the members who have not voted. */
export function PollCard({ pollId, live, names }: { pollId: string; live?: PollLive; names: (id: string) => string }) {
  const [poll, setPoll] = useState<Poll | null>(null);
  const [choices, setChoices] = useState(new Set<number>());
  const [error, busy, run] = useAction();
  useEffect(() => void run(async () => setPoll((await polls.getPoll({ pollId })).poll ?? null)), [pollId]);
  if (!poll) return <RefusalBox error={error} />;

  const counts = live?.counts.length === poll.options.length ? live.counts : poll.options.map((o) => o.count);
  const closed = !!poll.closedAt || !!live?.closed;
  const voted = poll.myChoices.length > 0;
  const total = counts.reduce((a, b) => a + b, 0);
  const titleId = `poll-${pollId}`;
  const vote = (e: Event) => {
    e.preventDefault();
    void run(async () => setPoll((await polls.vote({ pollId, choices: [...choices] })).poll ?? poll));
  };

  return (
    <section class="poll" aria-labelledby={titleId} data-poll-id={pollId}>
      <h2 id={titleId} class="poll-title">Опрос: {poll.question}</h2>
      <p class="sub">
        Автор: {names(poll.createdBy)}
        {closed ? " · опрос закрыт" : ""}
        {poll.anonymous ? " · анонимный" : ""}
      </p>
      <form onSubmit={vote}>
        <fieldset disabled={closed || voted}>
          <legend>{poll.multipleChoice ? "Выберите один или несколько вариантов" : "Выберите вариант"}</legend>
          {poll.options.map((o, i) => (
            <div class="check poll-option" key={o.index} data-option={o.index}>
              <input id={`${titleId}-${o.index}`} type={poll.multipleChoice ? "checkbox" : "radio"} name={titleId}
                checked={choices.has(o.index) || poll.myChoices.includes(o.index)}
                onChange={(e) => {
                  const next = poll.multipleChoice ? new Set(choices) : new Set<number>();
                  if (e.currentTarget.checked) next.add(o.index);
                  else next.delete(o.index);
                  setChoices(next);
                }} />
              <label for={`${titleId}-${o.index}`}>
                {o.text} — <span class="count">голосов: {counts[i] ?? 0}</span>
              </label>
              <meter min={0} max={Math.max(total, 1)} value={counts[i] ?? 0} aria-hidden="true" />
            </div>
          ))}
        </fieldset>
        {!closed && !voted && <button type="submit" disabled={busy || choices.size === 0}>Голосовать</button>}
        {voted && <p class="sub">Ваш голос учтён.</p>}
      </form>
      <RefusalBox error={error} />
    </section>
  );
}

/** Creates a poll in the chat: a question and its options, one a line. */
export function PollForm({ chatId }: { chatId: string }) {
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState("");
  const [multiple, setMultiple] = useState(false);
  const [error, busy, run] = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await polls.createPoll({
        chatId, question, multipleChoice: multiple, clientRequestId: newKey().replace(/-/g, ""),
        options: options.split("\n").map((o) => o.trim()).filter(Boolean),
      });
      setQuestion("");
      setOptions("");
    });
  };
  return (
    <details class="card">
      <summary>Новый опрос</summary>
      <form onSubmit={create}>
        <label for="poll-question">Вопрос опроса</label>
        <input id="poll-question" value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
        <label for="poll-options">Варианты ответа, по одному в строке</label>
        <textarea id="poll-options" rows={3} value={options} onInput={(e) => setOptions(e.currentTarget.value)} />
        <div class="check">
          <input id="poll-multiple" type="checkbox" checked={multiple} onChange={(e) => setMultiple(e.currentTarget.checked)} />
          <label for="poll-multiple">Можно выбрать несколько</label>
        </div>
        <button type="submit" disabled={busy}>Создать опрос</button>
      </form>
      <RefusalBox error={error} />
    </details>
  );
}

// Small shared pieces: the refusal box, a route hook, names.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { refusal, type Refusal } from "./api";
import type { Timestamp } from "@bufbuild/protobuf/wkt";

export function useRoute(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
}

export function go(path: string): void {
  location.hash = "#/" + path;
}

/**
 * Shows a refused call, announced to screen readers: the reason in Russian (refusals.ts), the rule and reason code
 * (ErrorInfo), and the server's own message when it adds something (it is English; a reason unknown here shows it alone).
 */
export function RefusalBox({ error }: { error: Refusal | null }) {
  if (!error) return null;
  return (
    <div class="refusal" role="alert" data-reason={error.reason} data-rule={error.rule}>
      <strong>Отказано: </strong>
      {error.text}
      {(error.rule || error.reason) && (
        <span class="rule"> ({[error.rule && `правило ${error.rule}`, error.reason].filter(Boolean).join(", ")})</span>
      )}
      {error.text !== error.message && (
        <span class="server">
          {" "}Сообщение сервера: <span lang="en">{error.message}</span>
        </span>
      )}
    </div>
  );
}

/** Runs an action, keeping its refusal for the box and a busy flag for the button. */
export function useAction(): [Refusal | null, boolean, (f: () => Promise<unknown>) => Promise<boolean>, (r: Refusal | null) => void] {
  const [error, setError] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      return true;
    } catch (e) {
      setError(refusal(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return [error, busy, run, setError];
}

/** A form that saves: its refusal and busy flag, whether the last save succeeded, and its submit handler. */
export function useSaveForm(save: () => Promise<unknown>): { error: Refusal | null; busy: boolean; saved: boolean; onSubmit: (e: Event) => void } {
  const [saved, setSaved] = useState(false);
  const [error, busy, run] = useAction();
  const onSubmit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void run(save).then(setSaved);
  };
  return { error, busy, saved, onSubmit };
}

/** The note a saved form shows, announced to screen readers. */
export function SavedNote({ saved }: { saved: boolean }) {
  return saved ? <p role="status" class="ok">Сохранено.</p> : null;
}

/** A page: its heading takes the focus when it opens, so keyboard and screen-reader users start at the top. */
export function Page({ title, children }: { title: string; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Сферум`;
    heading.current?.focus();
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </section>
  );
}

const timeFormat = new Intl.DateTimeFormat("ru-RU", { dateStyle: "short", timeStyle: "short" });

export function when(t: Timestamp | undefined): string {
  return t ? timeFormat.format(new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6))) : "";
}

/** A link or token pasted in full: the token is its last path part. */
export function tokenOf(text: string): string {
  const trimmed = text.trim();
  const parts = trimmed.split("/").filter(Boolean);
  return parts[parts.length - 1] ?? "";
}

// One Subscribe stream for all the caller's chats (DESIGN 5). It remembers the last sequence number seen per chat
// and, when the stream drops or goes quiet for two heartbeats, subscribes again from those positions: the server
// fills the gap from the log, so nothing acknowledged is missed.
import { chats } from "./api";
import type { ChatEvent } from "./gen/districtsferum/v1/chats_pb";

export type LiveState = "connecting" | "live" | "offline";

type EventListener = (e: ChatEvent) => void;

const positions = new Map<string, bigint>();
const eventListeners = new Set<EventListener>();
const stateListeners = new Set<(s: LiveState) => void>();
let state: LiveState = "offline";
let abort: AbortController | null = null;
let running = false;
let restartRequested = false;
let wake: (() => void) | null = null;
const quietLimitMs = 65_000;

function setState(s: LiveState) {
  state = s;
  stateListeners.forEach((l) => l(s));
}

export function liveState(): LiveState {
  return state;
}

export function onLiveState(l: (s: LiveState) => void): () => void {
  stateListeners.add(l);
  return () => stateListeners.delete(l);
}

export function onChatEvent(l: EventListener): () => void {
  eventListeners.add(l);
  return () => eventListeners.delete(l);
}

/** Follows these chats from the given positions (a chat already followed keeps the higher one). */
export function follow(chatPositions: { chatId: string; lastSeq: bigint }[]): void {
  let changed = false;
  for (const p of chatPositions) {
    const known = positions.get(p.chatId);
    if (known === undefined) changed = true;
    if (known === undefined || p.lastSeq > known) positions.set(p.chatId, p.lastSeq);
  }
  if (changed) restart();
}

/** Subscribes again from the positions held (after joining a chat, or when the network comes back). */
export function restart(): void {
  restartRequested = true;
  abort?.abort();
  wake?.();
  if (!running) void run();
}

export function stop(): void {
  positions.clear();
  restartRequested = false;
  abort?.abort();
}

async function run(): Promise<void> {
  running = true;
  let failures = 0;
  try {
    while (restartRequested && positions.size > 0) {
      restartRequested = false;
      abort = new AbortController();
      const controller = abort;
      let quiet: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(quiet);
        quiet = setTimeout(() => controller.abort(), quietLimitMs);
      };
      setState("connecting");
      try {
        arm();
        const request = { positions: [...positions].map(([chatId, lastSeq]) => ({ chatId, lastSeq })) };
        for await (const update of chats.subscribe(request, { signal: controller.signal })) {
          arm();
          failures = 0;
          if (update.update.case === "event") {
            const e = update.update.value;
            const known = positions.get(e.chatId) ?? 0n;
            if (e.seq > known) positions.set(e.chatId, e.seq);
            if (e.seq <= known) continue; // already seen before a reconnect
            eventListeners.forEach((l) => l(e));
          } else if (update.update.case === "caughtUp") {
            setState("live");
          } else if (update.update.case === "heartbeat") {
            setState("live");
            // A position the server has passed that we do not hold: something was lost, subscribe again.
            if (update.update.value.positions.some((p) => p.lastSeq > (positions.get(p.chatId) ?? 0n))) restartRequested = true;
            if (restartRequested) break;
          }
        }
      } catch {
        if (!controller.signal.aborted || !restartRequested) failures++;
      } finally {
        clearTimeout(quiet);
      }
      if (!restartRequested && positions.size > 0 && !stopped()) {
        setState("offline");
        // Back off, unless the browser says it is online again (or a chat was joined): then at once.
        await new Promise<void>((r) => {
          const timer = setTimeout(r, Math.min(15_000, 500 * 2 ** Math.min(failures, 5)));
          wake = () => { clearTimeout(timer); r(); };
        });
        wake = null;
        restartRequested = positions.size > 0;
      }
    }
  } finally {
    running = false;
    if (positions.size === 0) setState("offline");
  }
}

function stopped(): boolean {
  return positions.size === 0;
}

addEventListener("online", () => restart());
// The browser knows the network is gone before the stream does: drop it now, and show it.
addEventListener("offline", () => abort?.abort());

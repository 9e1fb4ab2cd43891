// The public gRPC API over gRPC-Web, same origin as the page (the server serves this app on its gRPC-Web port).
import { createClient, ConnectError, Code, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import type { DescService } from "@bufbuild/protobuf";
import { AuthService, type TokenPair } from "./gen/districtsferum/v1/auth_pb";
import { ChatService } from "./gen/districtsferum/v1/chats_pb";
import { UserService } from "./gen/districtsferum/v1/users_pb";
import { ModerationService } from "./gen/districtsferum/v1/moderation_pb";
import { SchoolService } from "./gen/districtsferum/v1/schools_pb";
import { ClassService } from "./gen/districtsferum/v1/classes_pb";
import { InviteService } from "./gen/districtsferum/v1/invites_pb";
import { MemberService } from "./gen/districtsferum/v1/members_pb";
import { DistrictService } from "./gen/districtsferum/v1/district_pb";
import { PollService } from "./gen/districtsferum/v1/polls_pb";
import { FileService } from "./gen/districtsferum/v1/files_pb";
import { StatisticsService } from "./gen/districtsferum/v1/statistics_pb";
import { refusalTexts } from "./refusals";

const storageKey = "sferum.session";

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  userId: string;
}

let session: StoredSession | null = load();
const listeners = new Set<() => void>();

function load(): StoredSession | null {
  try {
    const raw = localStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function currentSession(): StoredSession | null {
  return session;
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setSession(tokens: TokenPair | null): void {
  session = tokens ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, userId: tokens.userId } : null;
  if (session) localStorage.setItem(storageKey, JSON.stringify(session));
  else localStorage.removeItem(storageKey);
  listeners.forEach((l) => l());
}

const baseUrl = location.origin;
const anonymous = createGrpcWebTransport({ baseUrl });
export const auth = createClient(AuthService, anonymous);

let refreshing: Promise<boolean> | null = null;

// A rotated refresh token is single use: concurrent calls share one refresh.
async function refresh(): Promise<boolean> {
  const current = session;
  if (!current) return false;
  refreshing ??= auth
    .refresh({ refreshToken: current.refreshToken })
    .then((r) => {
      setSession(r.tokens ?? null);
      return !!r.tokens;
    })
    .catch(() => {
      setSession(null);
      return false;
    })
    .finally(() => (refreshing = null));
  return refreshing;
}

const bearer: Interceptor = (next) => async (req) => {
  const token = session?.accessToken;
  if (token) req.header.set("authorization", `Bearer ${token}`);
  try {
    return await next(req);
  } catch (e) {
    if (!req.stream && e instanceof ConnectError && e.code === Code.Unauthenticated && token && (await refresh())) {
      req.header.set("authorization", `Bearer ${session!.accessToken}`);
      return await next(req);
    }
    throw e;
  }
};

const transport = createGrpcWebTransport({ baseUrl, interceptors: [bearer] });

function client<T extends DescService>(service: T): Client<T> {
  return createClient(service, transport);
}

export const chats = client(ChatService);
export const users = client(UserService);
export const moderation = client(ModerationService);
export const schools = client(SchoolService);
export const classes = client(ClassService);
export const invites = client(InviteService);
export const members = client(MemberService);
export const district = client(DistrictService);
export const polls = client(PollService);
export const files = client(FileService);
export const statistics = client(StatisticsService);

/** A refusal as people read it: the Russian text of its reason, the server's message and the rule it cites (google.rpc.ErrorInfo). */
export interface Refusal {
  /** The Russian text of the reason, or the server's message for a reason the table does not know. */
  text: string;
  message: string;
  reason: string;
  rule: string;
  code: string;
}

export function refusal(e: unknown): Refusal {
  if (!(e instanceof ConnectError)) return { text: String(e), message: String(e), reason: "", rule: "", code: "" };
  let reason = "";
  let rule = "";
  for (const d of e.details) {
    if ("type" in d && d.type === "google.rpc.ErrorInfo" && d.value instanceof Uint8Array) ({ reason, rule } = decodeErrorInfo(d.value));
  }
  const message =
    e.code === Code.Unavailable || e.code === Code.Unknown && !reason ? "Сервер недоступен, повторите попытку." : e.rawMessage;
  return { text: refusalTexts[reason] ?? message, message, reason, rule, code: Code[e.code] };
}

// google.rpc.ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
function decodeErrorInfo(bytes: Uint8Array): { reason: string; rule: string } {
  const r = new BinaryReader(bytes);
  let reason = "";
  let rule = "";
  while (r.pos < r.len) {
    const [field, wireType] = r.tag();
    if (field === 1) reason = r.string();
    else if (field === 3) {
      const entry = new BinaryReader(r.bytes());
      let key = "";
      let value = "";
      while (entry.pos < entry.len) {
        const [f] = entry.tag();
        if (f === 1) key = entry.string();
        else value = entry.string();
      }
      if (key === "rule") rule = value;
    } else r.skip(wireType);
  }
  return { reason, rule };
}

export function newKey(): string {
  return crypto.randomUUID();
}

// Every item of a paged list: follows next_page_token until it is empty, so nothing past the first page is missed.
// Bounded, so a server that kept handing out tokens could not keep the page loading forever.
export async function allPages<R extends { nextPageToken: string }, T>(
  fetchPage: (pageToken: string) => Promise<R>,
  itemsOf: (page: R) => T[],
  maxPages = 1000,
): Promise<T[]> {
  const all: T[] = [];
  let pageToken = "";
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await fetchPage(pageToken);
    all.push(...itemsOf(page));
    pageToken = page.nextPageToken;
    if (!pageToken) return all;
  }
  throw new Error(`The list did not end after ${maxPages} pages.`);
}

import type { ChatEvent } from "../domain/chats/events";
import type { Notification } from "../domain/notifications/events";

/**
 * What the hub carries to a user's devices: the domain's events, typed. The hub words none of
 * them: each socket is worded by the API that opened it (LiveWords), so one event reaches every
 * API's sockets, each in its own words, and an API whose stream does not carry it stays silent.
 */
export type HubEvent =
  | { kind: "notification"; notification: Notification }
  | { kind: "unread"; count: number }
  /** `muted`: this member muted the chat; their devices still hear it, marked so. `id`: its chat_feed row, the stream's cursor. */
  | { kind: "chat"; event: ChatEvent; muted: boolean; id: number }
  /** A reconnecting chat device missed too much to replay: it reads its lists again and goes on from `id`. */
  | { kind: "chat_resync"; id: number };

/** What a stream's `?since=<id>` counts, and so what a reconnect replays: notification ids or chat frame ids. */
export type ReplayKind = "notifications" | "chat";

/**
 * How one API speaks on the sockets it opens. Handed to the hub by the entry point (src/index.ts,
 * from src/surfaces/index.ts), so src/realtime/ depends on no surface.
 */
export interface LiveWords {
  /** The API's name, kept with each socket it opens, so the hub finds these words again after hibernating. */
  readonly api: string;
  /** The text frame for an event, or undefined for an event this API's stream does not carry. */
  frame(e: HubEvent): string | undefined;
  /** Sent once a socket is caught up (after any `since` replay): from here on, frames are live. */
  readonly ready: string;
  readonly replays: ReplayKind;
}

/** Every API that has a live stream, by its name. */
export type HubWords = Readonly<Record<string, LiveWords>>;

export const hubWordsOf = (apis: readonly LiveWords[]): HubWords =>
  Object.fromEntries(apis.map((w) => [w.api, w]));

/**
 * The id a live event has in a stream that replays `kind`, so a device catching up drops what the
 * replay already sent; undefined for an event no replay of that kind contains (always sent).
 */
export function replayId(e: HubEvent, kind: ReplayKind): number | undefined {
  if (kind === "notifications" && e.kind === "notification") return e.notification.id;
  if (kind === "chat" && e.kind === "chat") return e.id;
  return undefined;
}

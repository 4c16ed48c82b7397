import type { ChatEvent } from "../domain/chats/events";
import type { Notification } from "../domain/notifications/events";

/**
 * The text frames of the live streams, as the surface that owns each stream words them
 * (handed in by the entry point: src/index.ts for the hub, app.ts for its client). The
 * hub stores nothing of them and never looks inside: it relays, queues and replays them
 * as opaque strings, each to the sockets of the stream it belongs to.
 */
export interface StreamFrames {
  notification(n: Notification): string;
  unread(count: number): string;
  /** Sent once a socket is caught up (after any `since` replay): from here on, frames are live. */
  ready: string;
}

/** The chat stream's frames (Cocotree's): one per chat event, marked muted for a member who muted the chat. */
export interface ChatFrames {
  event(e: ChatEvent, muted: boolean): string;
  ready: string;
}

/** Which stream a socket was opened on: it hears only that stream's frames, in that stream's words. */
export type StreamKind = "notifications" | "chat";

export interface HubFrames {
  notifications: StreamFrames;
  chat: ChatFrames;
}

import type { Notification } from "../domain/notifications/events";

/**
 * The text frames of the live stream, as the surface that owns the stream words them
 * (handed in by the entry point: src/index.ts for the hub, app.ts for its client). The
 * hub stores nothing of them and never looks inside: it relays, queues and replays them
 * as opaque strings.
 */
export interface StreamFrames {
  notification(n: Notification): string;
  unread(count: number): string;
  /** Sent once a socket is caught up (after any `since` replay): from here on, frames are live. */
  ready: string;
}

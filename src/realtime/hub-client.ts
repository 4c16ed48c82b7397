import { missedMessages } from "../domain/chats/missed-messages";
import { systemCtx } from "../domain/context";
import type { Deps } from "../domain/deps";
import type { LiveHub } from "../domain/notifications/hub";
import { listNotifications } from "../domain/notifications/list-notifications";
import type { HubFrames, StreamKind } from "./frames";
import type { UserHub } from "./user-hub";

/**
 * The domain's LiveHub over the USER_HUB namespace: one object per user, named by its id,
 * called by RPC. Frames are worded here, in the Worker, by the stream's surface; the hub gets text.
 */
export function userHubClient(namespace: DurableObjectNamespace<UserHub>, frames: HubFrames): LiveHub {
  const hub = (userId: number) => namespace.getByName(String(userId));
  return {
    async notification(n) {
      await hub(n.userId).send(frames.notifications.notification(n), n.id);
    },
    async unread(userId, count) {
      await hub(userId).send(frames.notifications.unread(count));
    },
    async chat(recipients, event) {
      // Each member's own hub, at once: one slow hub does not hold the others' delivery back.
      const id = event.kind === "message" ? event.message.id : undefined;
      await Promise.allSettled(recipients.map((r) => hub(r.userId).send(frames.chat.event(event, r.muted), id, "chat")));
    },
    async closeEndedSessions(userId) {
      await hub(userId).closeEndedSessions();
    },
  };
}

/**
 * What a device missed after `since`, worded as the live frames were: the newest
 * NOTIFICATION_LIST_LIMIT the list would show, oldest first, each with its id so the hub
 * can drop a live frame it already replayed.
 */
export async function missedFrames(deps: Deps, frames: HubFrames, stream: StreamKind, userId: number, since: number) {
  if (stream === "chat") {
    const missed = await missedMessages(systemCtx(deps), { userId, since });
    return missed.map((m) => ({ id: m.id, frame: frames.chat.event({ kind: "message", chatId: m.chatId, message: m }, m.muted) }));
  }
  const missed = await listNotifications(systemCtx(deps), { userId, afterId: since });
  return missed.reverse().map((n) => ({ id: n.id, frame: frames.notifications.notification(n) }));
}

/**
 * Hands an authenticated WebSocket upgrade to the user's hub. The hub trusts what the
 * URL names, so only the Worker builds it; the client's own URL (and any token in it)
 * never reaches the hub.
 */
export function connectToHub(namespace: DurableObjectNamespace<UserHub>, socket: { userId: number; sessionId: number; since?: number; stream?: StreamKind }) {
  const url = new URL("https://user-hub/connect");
  url.searchParams.set("stream", socket.stream ?? "notifications");
  url.searchParams.set("user", String(socket.userId));
  url.searchParams.set("session", String(socket.sessionId));
  if (socket.since !== undefined) url.searchParams.set("since", String(socket.since));
  return namespace.getByName(String(socket.userId)).fetch(new Request(url, { headers: { Upgrade: "websocket" } }));
}

import type { LiveHub } from "../domain/notifications/hub";
import { notificationFrame, unreadFrame } from "./frames";
import type { UserHub } from "./user-hub";

/** The domain's LiveHub over the USER_HUB namespace: one object per user, named by its id, called by RPC. */
export function userHubClient(namespace: DurableObjectNamespace<UserHub>): LiveHub {
  const hub = (userId: number) => namespace.getByName(String(userId));
  return {
    async notification(row) {
      await hub(row.userId).send(notificationFrame(row), row.id);
    },
    async unread(userId, count) {
      await hub(userId).send(unreadFrame(count));
    },
    async closeEndedSessions(userId) {
      await hub(userId).closeEndedSessions();
    },
  };
}

/**
 * Hands an authenticated WebSocket upgrade to the user's hub. The hub trusts what the
 * URL names, so only the Worker builds it; the client's own URL (and any token in it)
 * never reaches the hub.
 */
export function connectToHub(namespace: DurableObjectNamespace<UserHub>, socket: { userId: number; sessionId: number; since?: number }) {
  const url = new URL("https://user-hub/connect");
  url.searchParams.set("user", String(socket.userId));
  url.searchParams.set("session", String(socket.sessionId));
  if (socket.since !== undefined) url.searchParams.set("since", String(socket.since));
  return namespace.getByName(String(socket.userId)).fetch(new Request(url, { headers: { Upgrade: "websocket" } }));
}

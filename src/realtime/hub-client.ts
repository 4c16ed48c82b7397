import { missedChatEvents } from "../domain/chats/feed";
import { systemCtx } from "../domain/context";
import type { Deps } from "../domain/deps";
import type { LiveHub } from "../domain/notifications/hub";
import { listNotifications } from "../domain/notifications/list-notifications";
import type { HubEvent, LiveWords, ReplayKind } from "./frames";
import type { UserHub } from "./user-hub";

/**
 * The domain's LiveHub over the USER_HUB namespace: one object per user, named by its id,
 * called by RPC. It hands the hub typed events; each socket's API words them there.
 */
export function userHubClient(namespace: DurableObjectNamespace<UserHub>): LiveHub {
  const hub = (userId: number) => namespace.getByName(String(userId));
  return {
    async notification(n) {
      await hub(n.userId).send({ kind: "notification", notification: n });
    },
    async unread(userId, count) {
      await hub(userId).send({ kind: "unread", count });
    },
    async chat(deliveries, event) {
      // Each member's own hub, at once: one slow hub does not hold the others' delivery back.
      await Promise.allSettled(
        deliveries.map((d) => hub(d.userId).send({ kind: "chat", event, muted: d.muted, id: d.id })),
      );
    },
    async closeEndedSessions(userId) {
      await hub(userId).closeEndedSessions();
    },
  };
}

/**
 * What a device missed after `since`, as the events the live stream carried, oldest first, each
 * with its id so the hub can drop a live event it already replayed: the newest
 * NOTIFICATION_LIST_LIMIT notifications the list would show, or every chat frame missed (at most
 * CHAT_REPLAY_LIMIT; past that, one resync event).
 */
export async function missedEvents(
  deps: Deps,
  kind: ReplayKind,
  userId: number,
  since: number,
): Promise<{ id: number; event: HubEvent }[]> {
  if (kind === "chat") {
    const missed = await missedChatEvents(systemCtx(deps), { userId, since });
    if (missed.resync) return [{ id: missed.id, event: { kind: "chat_resync", id: missed.id } }];
    return missed.events.map((m) => ({
      id: m.id,
      event: { kind: "chat", event: m.event, muted: m.muted, id: m.id },
    }));
  }
  const missed = await listNotifications(systemCtx(deps), { userId, afterId: since });
  return missed.reverse().map((n) => ({ id: n.id, event: { kind: "notification", notification: n } }));
}

/**
 * Hands an authenticated WebSocket upgrade to the user's hub, as a socket of the API whose words
 * are given. The hub trusts what the URL names, so only the Worker builds it; the client's own
 * URL (and any token in it) never reaches the hub.
 */
export function connectToHub(
  namespace: DurableObjectNamespace<UserHub>,
  socket: { words: LiveWords; userId: number; sessionId: number; since?: number },
) {
  const url = new URL("https://user-hub/connect");
  url.searchParams.set("api", socket.words.api);
  url.searchParams.set("user", String(socket.userId));
  url.searchParams.set("session", String(socket.sessionId));
  if (socket.since !== undefined) url.searchParams.set("since", String(socket.since));
  return namespace
    .getByName(String(socket.userId))
    .fetch(new Request(url, { headers: { Upgrade: "websocket" } }));
}

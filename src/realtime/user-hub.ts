import { DurableObject } from "cloudflare:workers";
import { createDeps } from "../deps";
import { liveSessionIds } from "../domain/auth/live-sessions";
import { listNotifications } from "../domain/notifications/list-notifications";
import type { Bindings } from "../env";
import { READY_FRAME, notificationFrame } from "./frames";

/** What a socket carries through hibernation (its attachment). */
interface SocketInfo {
  conn: string;
  userId: number;
  sessionId: number;
  openedAt: number;
}

/** A queued live frame; `id` is the notification's, absent for count updates. */
interface Queued {
  frame: string;
  id?: number;
}

/** Close code for a socket whose login has ended; 4000-4999 belong to the application, 4401 echoes HTTP 401. */
export const SESSION_ENDED = 4401;
/** Close code for the oldest socket when a user opens more than MAX_SOCKETS. */
export const TOO_MANY_SOCKETS = 4429;
/**
 * Bounds one user's hub. Far above any real number of devices; a client stuck in a
 * reconnect loop with half-open sockets loses its oldest ones, not the hub's memory.
 */
export const MAX_SOCKETS = 1000;
/**
 * Logout, password change and deactivation tell the hub at once; this periodic re-check
 * is the safety net for sessions that expire or end by a path that does not (or whose
 * call failed), and for pushes it runs anyway before any frame leaves.
 */
const RECHECK_MS = 5 * 60_000;

const attachment = (ws: WebSocket) => ws.deserializeAttachment() as SocketInfo;

function safeClose(ws: WebSocket, code: number, reason: string) {
  try {
    ws.close(code, reason);
  } catch {
    // Already closing or closed: nothing left to do.
  }
}

function safeSend(ws: WebSocket, frame: string) {
  try {
    ws.send(frame);
  } catch {
    // The peer went away between listing and sending; the runtime reports the close separately.
  }
}

/**
 * One hub per user (named by user id) holding every live socket of that user, across
 * devices. Sockets go through the hibernation API, so idle connections cost nothing and
 * pings are answered by the runtime without waking the object. D1 is the record: the hub
 * keeps no log; a reconnect with `?since=<id>` is replayed from D1.
 */
export class UserHub extends DurableObject<Bindings> {
  /** Sockets still replaying `since`: live frames wait here so each device sees every id once, in order. */
  private catchingUp = new Map<string, Queued[]>();

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /**
   * Accepts a socket the Worker has already authenticated. Only the Worker can reach a
   * Durable Object, so the user and session it names in the URL are trusted.
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return Response.json({ detail: "Expected a WebSocket upgrade." }, { status: 426 });
    }
    const url = new URL(request.url);
    const userId = Number(url.searchParams.get("user"));
    const sessionId = Number(url.searchParams.get("session"));
    const since = url.searchParams.has("since") ? Number(url.searchParams.get("since")) : undefined;
    if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(sessionId) || (since !== undefined && !Number.isSafeInteger(since))) {
      return Response.json({ detail: "Bad hub request." }, { status: 400 });
    }

    const { 0: client, 1: server } = new WebSocketPair();
    const info: SocketInfo = { conn: crypto.randomUUID(), userId, sessionId, openedAt: Date.now() };
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(info);
    this.evictOverflow();
    await this.scheduleRecheck();
    if (since !== undefined) await this.replay(server, info, since);
    server.send(READY_FRAME);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends a frame to every socket whose session still stands. */
  async send(frame: string, notificationId?: number): Promise<void> {
    for (const ws of await this.openSockets()) {
      const queue = this.catchingUp.get(attachment(ws).conn);
      if (queue) queue.push({ frame, id: notificationId });
      else safeSend(ws, frame);
    }
  }

  /** Called after a logout or revocation has committed: closes the sockets of ended sessions. */
  async closeEndedSessions(): Promise<void> {
    await this.openSockets();
  }

  /** Number of live sockets, for tests and the bench. */
  async connectionCount(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  override async alarm(): Promise<void> {
    if ((await this.openSockets()).length) await this.ctx.storage.setAlarm(Date.now() + RECHECK_MS);
  }

  override async webSocketMessage(): Promise<void> {
    // Clients have nothing to say beyond "ping", which the runtime answers without waking us.
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    // The runtime already replies to a close (web_socket_auto_reply_to_close); this keeps older compat dates tidy.
    safeClose(ws, code === 1005 || code === 1006 ? 1000 : code, "closed");
  }

  /** Re-checks every socket's session against D1 in one query and closes the ended ones. */
  private async openSockets(): Promise<WebSocket[]> {
    const sockets = this.ctx.getWebSockets();
    if (!sockets.length) return [];
    const live = await liveSessionIds(this.deps(), attachment(sockets[0]!).userId);
    return sockets.filter((ws) => {
      if (live.has(attachment(ws).sessionId)) return true;
      safeClose(ws, SESSION_ENDED, "session ended");
      return false;
    });
  }

  /**
   * Sends what the device missed after `since` (the newest NOTIFICATION_LIST_LIMIT, oldest
   * first, as the list would show them), then whatever arrived live meanwhile.
   */
  private async replay(ws: WebSocket, info: SocketInfo, since: number) {
    const queued: Queued[] = [];
    this.catchingUp.set(info.conn, queued);
    try {
      const missed = await listNotifications(this.deps(), info.userId, { afterId: since });
      let last = since;
      for (const row of missed.reverse()) {
        ws.send(notificationFrame(row));
        last = row.id;
      }
      for (const q of queued) if (q.id === undefined || q.id > last) ws.send(q.frame);
    } catch (err) {
      safeClose(ws, 1011, "replay failed");
      throw err;
    } finally {
      this.catchingUp.delete(info.conn);
    }
  }

  private evictOverflow() {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length <= MAX_SOCKETS) return;
    const oldestFirst = sockets.sort((a, b) => attachment(a).openedAt - attachment(b).openedAt);
    for (const ws of oldestFirst.slice(0, sockets.length - MAX_SOCKETS)) safeClose(ws, TOO_MANY_SOCKETS, "too many connections");
  }

  private async scheduleRecheck() {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + RECHECK_MS);
  }

  private deps() {
    // The hub is reached only through the Worker, which already refused any request the
    // development key may not serve; the hub itself signs and checks no token.
    return createDeps(this.env, (task) => this.ctx.waitUntil(task), { localRequest: true });
  }
}

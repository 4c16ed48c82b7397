import { DurableObject } from "cloudflare:workers";
import { liveSessionIds } from "../domain/auth/live-sessions";
import type { Deps } from "../domain/deps";
import { replayId, type HubEvent, type HubWords, type LiveWords } from "./frames";
import { missedEvents } from "./hub-client";

/** What a socket carries through hibernation (its attachment). */
interface SocketInfo {
  conn: string;
  userId: number;
  sessionId: number;
  /** The API that opened it, whose words it hears (absent on a socket the hub's older code opened). */
  api?: string;
  openedAt: number;
  /**
   * The client's frames in its current rate window. In the attachment, not in memory,
   * so a hub that hibernates between two frames still counts both.
   */
  windowStart?: number;
  frames?: number;
}

/**
 * What the entry point (src/index.ts) hands the hub: the words of each API that has a live
 * stream, and the domain's dependencies over the hub's own bindings.
 */
export interface HubWiring {
  words: HubWords;
  deps(): Deps;
}

/** A queued live frame; `id` is what the socket's replay counts (a notification's or a chat message's), absent for other updates. */
interface Queued {
  frame: string;
  id?: number;
}

/** Close code for a socket whose login has ended; 4000-4999 belong to the application, 4401 echoes HTTP 401. */
export const SESSION_ENDED = 4401;
/** Close code for the oldest socket when a user opens more than MAX_SOCKETS. */
export const TOO_MANY_SOCKETS = 4429;
/** Close code (RFC 6455 "policy violation") for a client that sends anything but pings, or pings too often. */
export const POLICY_VIOLATION = 1008;
/**
 * Close code (RFC 6455 "service restart") for a socket whose API the hub cannot tell: one the
 * hub's older code opened. The client reconnects with `since` and misses nothing.
 */
export const SERVICE_RESTART = 1012;
/**
 * The one frame a client may send (a keep-alive) and its answer. The stream is one-way:
 * the Twimbol clients poll the list and never write to a socket, so nothing else is valid.
 */
export const PING = "ping";
export const PONG = "pong";
/** A keep-alive comes every few tens of seconds; past this many frames in one window the socket is closed. */
export const MAX_CLIENT_FRAMES = 10;
export const CLIENT_FRAME_WINDOW_MS = 10_000;
/**
 * Frames a peer may still send after the hub closed its socket: those in flight when the
 * close left. A peer that goes on past this ignores the close, and is cut off.
 */
export const MAX_FRAMES_AFTER_CLOSE = 100;
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
 * devices. Sockets go through the hibernation API, so idle connections cost nothing.
 * D1 is the record: the hub keeps no log; a reconnect with `?since=<id>` is replayed from D1.
 * It carries typed events; each socket hears them in the words of the API that opened it
 * (`wiring.words`, given by the entry point, src/index.ts, which exports the concrete class),
 * worded once per API for each event; the hub itself relays, queues and replays.
 *
 * Pings are answered here rather than by `setWebSocketAutoResponse`: an auto-response
 * never wakes the hub, so nothing could count them, and the runtime still does the work
 * for every one (locally, one socket's 10 s flood of 1.6 million auto-answered pings
 * stalled unrelated requests for up to 15 s). Waking once per ping is cheap at a
 * keep-alive's pace and lets the hub close a flood after MAX_CLIENT_FRAMES.
 */
export abstract class UserHub extends DurableObject<Env> {
  /** Sockets still replaying `since`: live frames wait here so each device sees every id once, in order. */
  private catchingUp = new Map<string, Queued[]>();
  /**
   * Frames received per socket after the hub closed it. In memory: they come back to back
   * (the hub stays awake while they do), and a count lost to hibernation means the peer
   * went quiet, which is all the hub wants.
   */
  private framesAfterClose = new Map<string, number>();

  // The runtime constructs the subclass src/index.ts exports, which passes the wiring in.
  constructor(
    ctx: DurableObjectState,
    env: Env,
    private readonly wiring: HubWiring,
  ) {
    super(ctx, env);
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
    const api = url.searchParams.get("api") ?? "";
    const words = this.wiring.words[api];
    if (
      !words ||
      !Number.isSafeInteger(userId) ||
      !Number.isSafeInteger(sessionId) ||
      (since !== undefined && !Number.isSafeInteger(since))
    ) {
      return Response.json({ detail: "Bad hub request." }, { status: 400 });
    }

    const { 0: client, 1: server } = new WebSocketPair();
    const info: SocketInfo = { conn: crypto.randomUUID(), userId, sessionId, api, openedAt: Date.now() };
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(info);
    this.evictOverflow();
    // No await may come between accepting the socket and the replay registering its queue: a
    // live frame sent in that gap would reach the device ahead of the replay and again in it.
    if (since !== undefined) await this.replay(server, info, words, since);
    await this.scheduleRecheck();
    server.send(words.ready);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends an event to every socket whose session still stands, in the words of the API that
   * opened it (worded once per API); a socket whose API does not carry the event hears nothing.
   */
  async send(event: HubEvent): Promise<void> {
    const framed = new Map<LiveWords, string | undefined>();
    for (const [ws, words] of await this.openSockets()) {
      if (!framed.has(words)) framed.set(words, words.frame(event));
      const frame = framed.get(words);
      if (frame === undefined) continue;
      const queue = this.catchingUp.get(attachment(ws).conn);
      if (queue) queue.push({ frame, id: replayId(event, words.replays) });
      else safeSend(ws, frame);
    }
  }

  /** Called after a logout or revocation has committed: closes the sockets of ended sessions. */
  async closeEndedSessions(): Promise<void> {
    await this.openSockets();
  }

  /** /healthz's hub check: answering at all proves the namespace, its class and its placement work. */
  async ping(): Promise<"pong"> {
    return "pong";
  }

  /** Number of live sockets, for tests and the bench. */
  async connectionCount(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  override async alarm(): Promise<void> {
    if ((await this.openSockets()).length) await this.ctx.storage.setAlarm(Date.now() + RECHECK_MS);
  }

  /** A client may only ping, and only at a keep-alive's pace; anything else ends its socket. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (ws.readyState !== WebSocket.OPEN) return this.afterClose(ws);
    if (message !== PING) return safeClose(ws, POLICY_VIOLATION, "clients may only send ping");
    const info = attachment(ws);
    const now = Date.now();
    if (info.windowStart === undefined || now - info.windowStart >= CLIENT_FRAME_WINDOW_MS) {
      info.windowStart = now;
      info.frames = 0;
    }
    info.frames = (info.frames ?? 0) + 1;
    if (info.frames > MAX_CLIENT_FRAMES) return safeClose(ws, POLICY_VIOLATION, "too many messages");
    ws.serializeAttachment(info);
    safeSend(ws, PONG);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.framesAfterClose.delete(attachment(ws).conn);
    // The runtime already replies to a close (web_socket_auto_reply_to_close); this keeps older compat dates tidy.
    safeClose(ws, code === 1005 || code === 1006 ? 1000 : code, "closed");
  }

  /**
   * The runtime still delivers every frame a peer sends after our close, waking the hub
   * each time, and the hibernation API cannot drop one connection. So a peer that keeps
   * sending past what was in flight makes the hub reset itself: that cuts every socket of
   * this user (the others reconnect with `since` and miss nothing), and only this user's.
   * Locally, a flood that went on through the backlog after its close stalled unrelated
   * requests for ~14 s; with the reset, under 1 s.
   */
  private afterClose(ws: WebSocket) {
    const conn = attachment(ws).conn;
    const count = (this.framesAfterClose.get(conn) ?? 0) + 1;
    this.framesAfterClose.set(conn, count);
    if (count > MAX_FRAMES_AFTER_CLOSE) this.ctx.abort("a client kept sending after its socket was closed");
  }

  /**
   * Re-checks every socket's session against D1 in one query and closes the ended ones; the
   * others come with the words of the API that opened them.
   */
  private async openSockets(): Promise<[WebSocket, LiveWords][]> {
    const sockets = this.ctx.getWebSockets();
    if (!sockets.length) return [];
    const live = await liveSessionIds(this.wiring.deps(), attachment(sockets[0]!).userId);
    const open: [WebSocket, LiveWords][] = [];
    for (const ws of sockets) {
      const info = attachment(ws);
      const words = this.wiring.words[info.api ?? ""];
      if (!live.has(info.sessionId)) safeClose(ws, SESSION_ENDED, "session ended");
      else if (!words) safeClose(ws, SERVICE_RESTART, "reconnect");
      else open.push([ws, words]);
    }
    return open;
  }

  /**
   * Sends what the device missed after `since`, in its API's words (see missedEvents: the
   * newest few, oldest first), then whatever arrived live meanwhile.
   */
  private async replay(ws: WebSocket, info: SocketInfo, words: LiveWords, since: number) {
    const queued: Queued[] = [];
    this.catchingUp.set(info.conn, queued);
    try {
      let last = since;
      for (const missed of await missedEvents(this.wiring.deps(), words.replays, info.userId, since)) {
        const frame = words.frame(missed.event);
        if (frame !== undefined) ws.send(frame);
        last = missed.id;
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
    for (const ws of oldestFirst.slice(0, sockets.length - MAX_SOCKETS))
      safeClose(ws, TOO_MANY_SOCKETS, "too many connections");
  }

  private async scheduleRecheck() {
    if ((await this.ctx.storage.getAlarm()) === null)
      await this.ctx.storage.setAlarm(Date.now() + RECHECK_MS);
  }
}

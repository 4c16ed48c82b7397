import { exports } from "cloudflare:workers";
import { BASE } from "./client";
import { nextIp } from "./ip";

export interface Frame {
  event: string;
  payload?: Record<string, unknown>;
  count?: number;
}

/**
 * The client end of GET /api/notifications/stream: records every frame and the close,
 * so a test can wait for "the frame that matches" with a bounded timeout instead of sleeping.
 */
export class StreamSocket {
  readonly frames: Frame[] = [];
  /** Frames that are not JSON (the hub's "pong"), in arrival order. */
  readonly texts: string[] = [];
  closed?: { code: number; reason: string };
  private listeners = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e: MessageEvent) => {
      const data = String(e.data);
      if (data.startsWith("{")) this.frames.push(JSON.parse(data));
      else this.texts.push(data);
      this.wake();
    });
    ws.addEventListener("close", (e: CloseEvent) => {
      this.closed = { code: e.code, reason: e.reason };
      this.wake();
    });
    ws.accept();
  }

  /** The first frame (counting from the start) that matches, within `timeoutMs`. */
  frame(match: (f: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    return this.until(() => this.frames.find(match), timeoutMs, "frame");
  }

  /** Frames of notifications, in arrival order. */
  notifications() {
    return this.frames.filter((f) => f.event === "notification").map((f) => f.payload!);
  }

  ready() {
    return this.frame((f) => f.event === "ready");
  }

  /** Resolves once `n` non-JSON frames have arrived. */
  textsReceived(n: number, timeoutMs = 3000) {
    return this.until(
      () => (this.texts.length >= n ? [...this.texts] : undefined),
      timeoutMs,
      `${n} text frames`,
    );
  }

  send(data: string | ArrayBuffer) {
    this.ws.send(data);
  }

  whenClosed(timeoutMs = 3000) {
    return this.until(() => this.closed, timeoutMs, "close");
  }

  close() {
    if (!this.closed) this.ws.close(1000, "test done");
  }

  private until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = probe();
        if (hit === undefined) return false;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no ${what} within ${timeoutMs} ms; frames: ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      if (!check()) this.listeners.add(check);
    });
  }

  private wake() {
    for (const check of [...this.listeners]) check();
  }
}

/** Sends the upgrade request; each call comes from its own IP so many sockets never meet the rate limit. */
export function upgrade(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(
    new Request(new URL(path, BASE), {
      headers: { Upgrade: "websocket", "CF-Connecting-IP": nextIp(), ...headers },
    }),
  );
}

/** Opens the stream with a Bearer token and waits for the hub's "ready" frame (after any replay). */
export async function openStream(access: string, query = ""): Promise<StreamSocket> {
  const res = await upgrade(`/api/notifications/stream${query}`, { Authorization: `Bearer ${access}` });
  if (res.status !== 101 || !res.webSocket)
    throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  const socket = new StreamSocket(res.webSocket);
  await socket.ready();
  return socket;
}

import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env";

/**
 * One hub per user (addressed by user id) holding every live socket of that user.
 * WebSockets are accepted through the hibernation API so idle connections cost nothing,
 * and pings are answered by the runtime without waking the object.
 */
export class UserHub extends DurableObject<Bindings> {
  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response(JSON.stringify({ detail: "Expected a WebSocket upgrade." }), {
        status: 426,
        headers: { "Content-Type": "application/json" },
      });
    }
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].send(JSON.stringify({ event: "ready" }));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** Number of live sockets, for tests and the bench. */
  async connectionCount(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    ws.close(code, reason);
  }
}

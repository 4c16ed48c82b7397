import type { Context } from "hono";
import { viewerFromAccessToken } from "../domain/auth/resolve-viewer";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "../env";
import { getViewer } from "./credentials";
import { isCrossSite } from "./csrf";

/**
 * The subprotocols a browser offers to carry its token in a header rather than in the URL
 * (which proxies log): `new WebSocket(url, [STREAM_PROTOCOL, BEARER_PROTOCOL + token])`. The
 * answer selects STREAM_PROTOCOL, so the token is never echoed back.
 */
export const STREAM_PROTOCOL = "stream";
export const BEARER_PROTOCOL = "bearer.";

const offeredProtocols = (req: Request) =>
  (req.headers.get("Sec-WebSocket-Protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * A live stream authenticates like any route (header, then cookie). Browsers cannot set
 * headers on a WebSocket, so they may send the token as a subprotocol (`bearer.<token>`), or,
 * last resort kept for existing clients, as `?token=<access>`; errors log the path only,
 * never the query. A cookie socket opened by another site's page is refused, as a cross-site
 * write would be (cross-site WebSocket hijacking).
 */
export async function streamViewer(c: Context<AppEnv>) {
  let viewer = await getViewer(c);
  if (!viewer) {
    const token =
      offeredProtocols(c.req.raw)
        .find((p) => p.startsWith(BEARER_PROTOCOL))
        ?.slice(BEARER_PROTOCOL.length) || c.req.query("token");
    viewer = token ? await viewerFromAccessToken(c.var.deps, token) : null;
    if (!viewer) throw new DomainError("UNAUTHENTICATED");
  }
  if (viewer.via === "cookie" && isCrossSite(c.req.raw, c.var.deps.config.csrfTrustedOrigins))
    throw new DomainError("CSRF");
  return viewer;
}

/**
 * The hub's 101, selecting STREAM_PROTOCOL when the client offered it: a browser that offers
 * subprotocols fails the handshake unless the answer selects one of them.
 */
export function selectStreamProtocol(req: Request, res: Response): Response {
  if (res.status !== 101 || !res.webSocket || !offeredProtocols(req).includes(STREAM_PROTOCOL)) return res;
  const headers = new Headers(res.headers);
  headers.set("Sec-WebSocket-Protocol", STREAM_PROTOCOL);
  return new Response(null, { status: 101, webSocket: res.webSocket, headers });
}

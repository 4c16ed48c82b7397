import type { Context } from "hono";
import { viewerFromAccessToken } from "../domain/auth/resolve-viewer";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "../env";
import { getViewer } from "./credentials";
import { isCrossSite } from "./csrf";

/**
 * A live stream authenticates like any route (header, then cookie). Browsers cannot set
 * headers on a WebSocket, so `?token=<access>` is the last resort; errors log the path
 * only, never the query. A cookie socket opened by another site's page is refused, as
 * a cross-site write would be (cross-site WebSocket hijacking).
 */
export async function streamViewer(c: Context<AppEnv>) {
  let viewer = await getViewer(c);
  if (!viewer) {
    const token = c.req.query("token");
    viewer = token ? await viewerFromAccessToken(c.var.deps, token) : null;
    if (!viewer) throw new DomainError("UNAUTHENTICATED");
  }
  if (viewer.via === "cookie" && isCrossSite(c.req.raw, c.var.deps.config.csrfTrustedOrigins)) throw new DomainError("CSRF");
  return viewer;
}

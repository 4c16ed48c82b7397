// DESIGN.md "Cross-cutting contracts": security headers on every answer; /media/ stays embeddable elsewhere.
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env";
import { editResponseHeaders } from "./response-headers";

const base = {
  /**
   * Not `no-referrer`: a JSON answer ignores the policy anyway, and on the HTML pages this
   * Worker serves (/docs, later an admin panel) `no-referrer` makes browsers send
   * `Origin: null` on the page's own form POSTs, which csrf.ts refuses as cross-site.
   * This one sends no path or query to other origins and nothing on a downgrade.
   */
  referrerPolicy: "strict-origin-when-cross-origin",
  /** A deployment decision for the zone (Cloudflare sets it at the edge); includeSubDomains here would bind every sibling host. */
  strictTransportSecurity: false,
  /** A header a route sets itself (the media route's own CSP, nosniff, disposition) is its to decide. */
  overwrite: false,
} as const;

/** JSON and pages: nothing of ours may be pulled into another origin's page as a no-cors resource. */
const forApi = secureHeaders({ ...base, crossOriginResourcePolicy: "same-origin" });
/** Other origins' <img> and <video> must still load user media. */
const forMedia = secureHeaders({ ...base, crossOriginResourcePolicy: "cross-origin" });

const afterwards = async () => {};

/**
 * hono/secure-headers with no CSP: each page or route that needs one sets its own (a
 * blanket one would have to fit /docs and user media alike). Applied after the route
 * ran, to every answer but a WebSocket upgrade, whose headers are no one's to change.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status === 101) return;
  const apply = c.req.path.startsWith("/media/") ? forMedia : forApi;
  await editResponseHeaders(c, async () => {
    await apply(c, afterwards);
  });
};

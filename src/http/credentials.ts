import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import {
  viewerFromAccessToken,
  viewerFromApiKey,
  viewerFromSessionCookie,
} from "../domain/auth/resolve-viewer";
import type { Viewer } from "../domain/auth/viewer";
import { DomainError, type ReasonOf } from "../domain/errors";
import type { AppEnv } from "../env";
import { isCrossSite } from "./csrf";

export const SESSION_COOKIE = "sessionid";
const SCHEMES = new Set(["bearer", "jwt", "token"]);
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** `Bearer <jwt>`, `JWT <jwt>`, `Token <jwt>` or a bare `<jwt>`; also an API key in place of the jwt. */
export function tokenFromAuthorization(header: string): string | null {
  const parts = header.trim().split(/\s+/);
  if (parts.length === 1) return parts[0] || null;
  if (parts.length === 2 && SCHEMES.has(parts[0]!.toLowerCase())) return parts[1]!;
  return null;
}

/**
 * Resolves the caller once per request from any credential form every API accepts:
 * the Authorization header first, then the session cookie. A cookie-authenticated
 * write from another site is refused (CSRF) before anything changes.
 */
export async function getViewer(c: Context<AppEnv>): Promise<Viewer | null> {
  const memo = c.get("viewer");
  if (memo !== undefined) return memo;
  const deps = c.get("deps");
  let viewer: Viewer | null = null;
  const header = c.req.header("Authorization");
  const token = header ? tokenFromAuthorization(header) : null;
  // A JWT has three dot-separated parts; an API key (MediaCMS `Token <key>`) has no dot.
  if (token)
    viewer = token.includes(".")
      ? await viewerFromAccessToken(deps, token)
      : await viewerFromApiKey(deps, token);
  if (!viewer) {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      viewer = await viewerFromSessionCookie(deps, cookie, "cookie");
      if (
        viewer &&
        UNSAFE_METHODS.has(c.req.method) &&
        isCrossSite(c.req.raw, deps.config.csrfTrustedOrigins)
      ) {
        throw new DomainError("CSRF");
      }
    }
  }
  c.set("viewer", viewer);
  return viewer;
}

/** Any credential of the caller, as `auth: true` reads them; none is a 401 with this route's own reason (its own words). */
export const signedIn =
  (reason: ReasonOf<"UNAUTHENTICATED">) =>
  async (c: Context<AppEnv>): Promise<Viewer> => {
    const viewer = await getViewer(c);
    if (!viewer) throw new DomainError("UNAUTHENTICATED", reason);
    return viewer;
  };

export function clientInfo<E extends AppEnv>(c: Context<E>) {
  return { userAgent: c.req.header("User-Agent") ?? "", ip: c.req.header("CF-Connecting-IP") ?? "" };
}

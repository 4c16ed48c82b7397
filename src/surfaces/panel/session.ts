// The panel's own cookie and CSRF token (issue 14). The session row is the API's (src/domain/auth/sessions.ts),
// so logout, "end all sessions", a ban or a password change end a panel sign-in exactly as they end an API one;
// its kind is `panel`, so the panel's cookie opens no API route and the API's `sessionid` no panel page.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { viewerFromSessionCookie } from "../../domain/auth/resolve-viewer";
import type { Viewer } from "../../domain/auth/viewer";
import { DomainError } from "../../domain/errors";
import { hasRole } from "../../domain/policy/ownership";
import type { AppEnv } from "../../env";
import { isCrossSite } from "../../http/csrf";
import { hmacHex } from "../../infra/hmac";
import { randomToken } from "../../infra/secrets";

/** Not `sessionid`: a panel sign-in is not an API credential, and the API's cookie never opens the panel. */
export const PANEL_COOKIE = "admin_session";
/** Before sign-in the login form's CSRF token is bound to this random value instead of a session. */
export const LOGIN_COOKIE = "admin_login";
export const CSRF_FIELD = "csrf";

const cookieOptions = (c: Context<AppEnv>) => ({
  path: "/admin",
  httpOnly: true,
  sameSite: "Strict" as const,
  secure: new URL(c.req.url).protocol === "https:",
});

export function setPanelCookie(c: Context<AppEnv>, secret: string, expires: Date) {
  setCookie(c, PANEL_COOKIE, secret, { ...cookieOptions(c), expires });
  deleteCookie(c, LOGIN_COOKIE, { path: "/admin" });
}

export function clearPanelCookie(c: Context<AppEnv>) {
  deleteCookie(c, PANEL_COOKIE, { path: "/admin" });
}

/** The login form's binding value, made on first sight and kept for an hour. */
export function loginBinding(c: Context<AppEnv>): string {
  const existing = getCookie(c, LOGIN_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{16,128}$/.test(existing)) return existing;
  const value = randomToken();
  setCookie(c, LOGIN_COOKIE, value, { ...cookieOptions(c), maxAge: 3600 });
  return value;
}

/** A keyed digest of the cookie the form is bound to: another site can read neither, so it cannot forge the field. */
export const csrfToken = (c: Context<AppEnv>, binding: string, purpose: "session" | "login") =>
  hmacHex(c.get("deps").config.jwtSecret, `admin-panel-csrf:${purpose}:${binding}`);

function sameString(a: string, b: string) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Refuses (403 page) a form post whose token is missing or wrong, or that another site sent, before anything changes. */
export async function checkCsrf(
  c: Context<AppEnv>,
  form: FormData,
  binding: string | undefined,
  purpose: "session" | "login",
) {
  if (isCrossSite(c.req.raw, c.get("deps").config.csrfTrustedOrigins)) throw new DomainError("CSRF");
  const sent = form.get(CSRF_FIELD);
  if (!binding || typeof sent !== "string" || !sameString(sent, await csrfToken(c, binding, purpose)))
    throw new DomainError("CSRF");
}

/** What the gate below found for a request: the admin, the token its forms carry, a POST's form. */
export interface PanelRequest {
  viewer: Viewer;
  csrf: string;
  form: FormData;
}

const admitted = new WeakMap<Request, PanelRequest>();

/** The gate's findings; only routes behind `requirePanelAdmin` call it. */
export function panelOf(c: Context<AppEnv>): PanelRequest {
  const found = admitted.get(c.req.raw);
  if (!found) throw new Error("panelOf: the route is not behind requirePanelAdmin");
  return found;
}

const LOGIN = "/admin/login/";

/**
 * On every panel page but sign-in and the stylesheet: the signed-in admin, or a redirect to
 * sign-in (a POST included: nothing changes); a signed-in non-admin (demoted since) gets the
 * refusal page. A POST's form is read here and its CSRF token checked before any handler runs.
 */
export const requirePanelAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const cookie = getCookie(c, PANEL_COOKIE);
  const viewer = cookie ? await viewerFromSessionCookie(c.get("deps"), cookie, "panel") : null;
  if (!cookie || !viewer) {
    if (cookie) clearPanelCookie(c);
    const back = c.req.method === "GET" ? `?next=${encodeURIComponent(new URL(c.req.url).pathname)}` : "";
    return c.redirect(`${LOGIN}${back}`, 303);
  }
  c.set("viewer", viewer);
  if (!hasRole(viewer, "admin")) throw new DomainError("FORBIDDEN", "not_admin");
  let form = new FormData();
  if (c.req.method === "POST") {
    form = await c.req.formData().catch(() => new FormData());
    await checkCsrf(c, form, cookie, "session");
  }
  admitted.set(c.req.raw, { viewer, csrf: await csrfToken(c, cookie, "session"), form });
  await next();
};

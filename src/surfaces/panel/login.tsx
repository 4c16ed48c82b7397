// /admin/login/ and /admin/logout/ (issue 14).
import type { Context } from "hono";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { adminSignIn, completeAdminSignIn } from "../../domain/admin/sign-in";
import { logOut } from "../../domain/auth/log-out";
import { viewerFromSessionCookie } from "../../domain/auth/resolve-viewer";
import { DomainError } from "../../domain/errors";
import { hasRole } from "../../domain/policy/ownership";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { clientInfo } from "../../http/credentials";
import { Csrf, page } from "./layout";
import {
  LOGIN_COOKIE,
  PANEL_COOKIE,
  checkCsrf,
  clearPanelCookie,
  csrfToken,
  loginBinding,
  panelOf,
  requirePanelAdmin,
  setPanelCookie,
} from "./session";

/** Only a path of this panel: `next` must never send a signed-in admin to another site. */
const safeNext = (raw: unknown) =>
  typeof raw === "string" && /^\/admin\/[A-Za-z0-9/_?=&%.-]*$/.test(raw) && !raw.startsWith("//")
    ? raw
    : "/admin/";

async function loginForm(
  c: Context<AppEnv>,
  {
    next,
    username = "",
    problem,
    status = 200,
  }: { next: string; username?: string; problem?: string; status?: 200 | 401 | 403 | 429 },
) {
  const csrf = await csrfToken(c, loginBinding(c), "login");
  return page(
    c,
    "Sign in",
    {},
    <div class="login">
      <h1>Sign in to the admin panel</h1>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <form method="post" action="/admin/login/">
        <Csrf token={csrf} />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="username">Username</label>
          <input
            type="text"
            id="username"
            name="username"
            value={username}
            autocomplete="username"
            required
            autofocus
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required />
        </div>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </div>,
    status,
  );
}

/** The second step for an admin with two-factor on: the ticket rides in the form, bound to the same CSRF cookie. */
async function codeForm(
  c: Context<AppEnv>,
  {
    next,
    mfaToken,
    problem,
    status = 401,
  }: { next: string; mfaToken: string; problem?: string; status?: 401 | 403 | 429 },
) {
  const csrf = await csrfToken(c, loginBinding(c), "login");
  return page(
    c,
    "Two-factor code",
    {},
    <div class="login">
      <h1>Enter your two-factor code</h1>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : (
        <p>
          Your account has two-factor authentication on. Enter the 6-digit code from your authenticator app,
          or one of your recovery codes.
        </p>
      )}
      <form method="post" action="/admin/login/2fa/">
        <Csrf token={csrf} />
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="mfa_token" value={mfaToken} />
        <div class="field">
          <label for="code">Code</label>
          <input
            type="text"
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength={64}
            required
            autofocus
          />
        </div>
        <button type="submit" class="primary">
          Verify
        </button>
      </form>
    </div>,
    status,
  );
}

/** A sign-in refused only because five others are being checked: the form again, and when to retry. */
async function busy(form: Promise<Response>, err: DomainError) {
  const res = await form;
  res.headers.set("Retry-After", String(err.retryAfterSeconds ?? 1));
  return res;
}

const notAnAdmin = (c: Context<AppEnv>, username: string) =>
  page(
    c,
    "Not an administrator",
    {},
    <>
      <h1>Not an administrator</h1>
      <p class="error" role="alert">
        {username
          ? `The password was right, but the account ${username} is not in the admin group, so it cannot use this panel.`
          : "This account is not in the admin group, so it cannot use this panel."}{" "}
        No session was kept.
      </p>
      <p>
        <a href="/admin/login/">Sign in with another account</a>
      </p>
    </>,
    403,
  );

export const loginRoutes = new Hono<AppEnv>();

loginRoutes.get("/admin/login/", async (c) => {
  const cookie = getCookie(c, PANEL_COOKIE);
  const viewer = cookie ? await viewerFromSessionCookie(c.get("deps"), cookie, "panel") : null;
  if (viewer && hasRole(viewer, "admin")) return c.redirect("/admin/", 303);
  return loginForm(c, { next: safeNext(c.req.query("next")) });
});

loginRoutes.post("/admin/login/", async (c) => {
  const form = await c.req.formData().catch(() => new FormData());
  await checkCsrf(c, form, getCookie(c, LOGIN_COOKIE), "login");
  const username = String(form.get("username") ?? "").slice(0, 300);
  const password = String(form.get("password") ?? "").slice(0, 4096);
  const next = safeNext(form.get("next"));
  try {
    const { session } = await adminSignIn(ctxOf(c), { username, password, client: clientInfo(c) });
    setPanelCookie(c, session.secret, session.expiresAt);
    return c.redirect(next, 303);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === "INVALID_CREDENTIALS")
      return loginForm(c, {
        next,
        username,
        problem: "Wrong username or password, or the account is inactive.",
        status: 401,
      });
    if (err.code === "LOCKED")
      return loginForm(c, {
        next,
        username,
        problem: "Too many failed sign-ins: this account is locked for 15 minutes.",
        status: 403,
      });
    if (err.code === "RATE_LIMITED")
      return busy(
        loginForm(c, {
          next,
          username,
          problem: "Other sign-ins to this account are being checked right now. Try again in a moment.",
          status: 429,
        }),
        err,
      );
    if (err.code === "MFA_REQUIRED" && err.mfaToken) return codeForm(c, { next, mfaToken: err.mfaToken });
    if (err.code === "FORBIDDEN") return notAnAdmin(c, username);
    throw err;
  }
});

loginRoutes.post("/admin/login/2fa/", async (c) => {
  const form = await c.req.formData().catch(() => new FormData());
  await checkCsrf(c, form, getCookie(c, LOGIN_COOKIE), "login");
  const mfaToken = String(form.get("mfa_token") ?? "").slice(0, 300);
  const code = String(form.get("code") ?? "").slice(0, 64);
  const next = safeNext(form.get("next"));
  try {
    const { session } = await completeAdminSignIn(ctxOf(c), { mfaToken, code, client: clientInfo(c) });
    setPanelCookie(c, session.secret, session.expiresAt);
    return c.redirect(next, 303);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === "BAD_REQUEST")
      return codeForm(c, { next, mfaToken, problem: "That code is not right. Try the current code again." });
    if (err.code === "UNAUTHENTICATED")
      return loginForm(c, {
        next,
        problem: "That sign-in has expired or was already used. Sign in again.",
        status: 401,
      });
    if (err.code === "LOCKED")
      return loginForm(c, {
        next,
        problem: "Too many failed sign-ins: this account is locked for 15 minutes.",
        status: 403,
      });
    if (err.code === "RATE_LIMITED")
      return busy(
        codeForm(c, {
          next,
          mfaToken,
          problem: "Other sign-ins to this account are being checked right now. Try again in a moment.",
          status: 429,
        }),
        err,
      );
    if (err.code === "FORBIDDEN") return notAnAdmin(c, "");
    throw err;
  }
});

loginRoutes.get("/admin/logout/", requirePanelAdmin, (c) => {
  const { viewer, csrf } = panelOf(c);
  return page(
    c,
    "Sign out",
    { viewer, csrf },
    <>
      <h1>Sign out</h1>
      <form method="post" action="/admin/logout/">
        <Csrf token={csrf} />
        <button type="submit" class="primary">
          Sign out {viewer.user.username}
        </button>
      </form>
    </>,
  );
});

loginRoutes.post("/admin/logout/", requirePanelAdmin, async (c) => {
  await logOut(ctxOf(c));
  clearPanelCookie(c);
  return c.redirect("/admin/login/", 303);
});

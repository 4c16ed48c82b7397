// seed 004 §1 Authentication: JWT pair login, refresh, logout. `/refresh/` is served by the app's slash-insensitive routing.
import { Hono } from "hono";
import { logIn } from "../../domain/auth/authenticate";
import { refreshAccess } from "../../domain/auth/refresh";
import { endSession } from "../../domain/auth/sessions";
import type { AppEnv } from "../../env";
import { clientInfo, requireViewer } from "../../http/credentials";
import { doc } from "../../http/openapi";
import { clearSessionCookie } from "../../http/session-cookie";
import { validate } from "../../http/validator";
import { loginBody, refreshBody } from "./schemas";
import { toUserRef } from "./serializers";

const TAG = "twimbol";
export const authRoutes = new Hono<AppEnv>();

authRoutes.post(
  "/user/login/",
  doc({
    tag: TAG,
    summary: "Obtain an access and refresh token",
    json: loginBody,
    responses: { 200: "{access, refresh, user}", 400: "Field errors", 401: "No active account", 403: "Locked out" },
  }),
  validate("json", loginBody),
  async (c) => {
    const { user, session } = await logIn(c.var.deps, c.req.valid("json"), "token", clientInfo(c));
    return c.json({ access: session.access, refresh: session.refresh, user: toUserRef(user) });
  },
);

authRoutes.post(
  "/api/token/refresh",
  doc({
    tag: TAG,
    summary: "A new access token for a refresh token (and a new refresh token when rotation is on)",
    json: refreshBody,
    responses: { 200: "{access}", 400: "Field errors", 401: "Token is invalid or expired" },
  }),
  validate("json", refreshBody),
  async (c) => c.json(await refreshAccess(c.var.deps, c.req.valid("json").refresh)),
);

authRoutes.post(
  "/user/logout/",
  doc({ tag: TAG, summary: "End this session and its refresh token; redirects to the login page", auth: true, responses: { 302: "Redirect", 401: "Not authenticated" } }),
  async (c) => {
    const viewer = await requireViewer(c);
    await endSession(c.var.deps, viewer.sessionId);
    clearSessionCookie(c);
    return c.redirect("/user/login/", 302);
  },
);

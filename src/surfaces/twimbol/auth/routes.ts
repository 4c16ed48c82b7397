// seed 004 §1 Authentication: JWT pair login, refresh, logout. `/refresh/` is served by the app's slash-insensitive routing.
import { Hono } from "hono";
import { logIn } from "../../../domain/auth/authenticate";
import { refreshAccess } from "../../../domain/auth/refresh";
import { logOut } from "../../../domain/auth/log-out";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { clientInfo } from "../../../http/credentials";
import { clearSessionCookie } from "../../../http/session-cookie";
import * as z from "zod";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfDetail, drfError, tokenNotValid } from "../error-schemas";
import { drfMfaRequired } from "../../shared/drf-error-schemas";
import { refreshedBody, tokenPairBody } from "../response-schemas";
import { loginBody, refreshBody } from "../schemas";
import { twimbolLogin } from "../login";

export const authRoutes = new Hono<AppEnv>();

authRoutes.post(
  "/user/login/",
  route({
    summary: "Obtain an access and refresh token",
    json: loginBody,
    responses: {
      200: { description: "{access, refresh, user}", schema: tokenPairBody },
      400: drfError("Field errors", drfBadRequest),
      401: drfError("No active account, or 2FA required (`mfa_token`)", z.union([drfDetail, drfMfaRequired])),
      403: drfError("Locked out"),
    },
  }),
  async (c) => {
    return twimbolLogin.respond(
      c,
      await logIn(ctxOf(c), { ...c.req.valid("json"), route: twimbolLogin.route, client: clientInfo(c) }),
    );
  },
);

authRoutes.post(
  "/api/token/refresh",
  route({
    summary: "A new access token for a refresh token (and a new refresh token when rotation is on)",
    json: refreshBody,
    responses: {
      200: { description: "{access}", schema: refreshedBody },
      400: drfError("Field errors", drfBadRequest),
      401: drfError("Token is invalid or expired", z.union([tokenNotValid, drfDetail])),
    },
  }),
  async (c) => c.json(await refreshAccess(ctxOf(c), { refreshToken: c.req.valid("json").refresh })),
);

authRoutes.post(
  "/user/logout/",
  route({
    summary: "End this session and its refresh token; redirects to the login page",
    auth: true,
    responses: { 302: { description: "Redirect" }, 401: DRF_UNAUTHENTICATED },
  }),
  async (c) => {
    await logOut(ctxOf(c));
    clearSessionCookie(c);
    return c.redirect("/user/login/", 302);
  },
);

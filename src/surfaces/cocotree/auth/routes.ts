// Cocotree's companion authentication API (issue 12): the routes its clients get a token from.
// The original clients encrypt the password before sending it; this service takes it as sent (TLS protects it).
import { Hono } from "hono";
import * as z from "zod";
import { logIn } from "../../../domain/auth/authenticate";
import { DomainError } from "../../../domain/errors";
import { registerWithProfile } from "../../../domain/users/register-with-profile";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { clientInfo } from "../../../http/credentials";
import { checkedByRoute, upload } from "../../../http/declared-body";
import { fails, ok, route } from "../declare";
import { COCOTREE_MSG } from "../errors";
import { secret, text } from "../../shared/text";
import { cocotreeLogin } from "../login";
import { success } from "../serializers";
import { PROFILE_PICTURE_POLICY } from "../users/routes";
import { patchFrom } from "../../shared/user-fields";
import { COCOTREE_USER_FIELDS } from "../user-fields";

export const registerFields = z.object({
  username: text(),
  password: secret(),
  email: text().optional(),
  phone_number: text().optional(),
  bio: text().optional(),
});
/** The login refuses a missing or non-string field in its own words, never as a field error. */
const loginForm = z.object({ username: checkedByRoute().optional(), password: checkedByRoute().optional() });
const loginFailure = z.object({
  success: z.literal(false),
  message: z.string(),
  code: z.number().optional(),
  status: z.number(),
  mfa_token: z
    .string()
    .optional()
    .describe("with 2FA on: complete the login at POST /accounts/2fa/authenticate"),
});

/** The login answers are their own envelope: `{success, payload, status}` / `{success, message, code, status}`. */
const loginFailed = (
  status: 400 | 401 | 403 | 429,
  message: string,
  code?: number,
  extra: { mfa_token?: string } = {},
) => ({
  body: { success: false as const, message, ...(code === undefined ? {} : { code }), status, ...extra },
  status,
});

/** A refused login in the login route's words; anything else is the surface's to answer. */
function refusedLogin(err: unknown) {
  if (!(err instanceof DomainError)) return null;
  if (err.code === "INVALID_CREDENTIALS")
    return loginFailed(401, err.reason === "unknown_user" ? "User does not exist" : "Wrong password", 1);
  if (err.code === "LOCKED") return loginFailed(403, COCOTREE_MSG.lockedOut, 1);
  if (err.code === "RATE_LIMITED")
    return loginFailed(429, COCOTREE_MSG.throttled(err.retryAfterSeconds ?? 60), 1);
  if (err.code === "MFA_REQUIRED")
    return loginFailed(401, COCOTREE_MSG.mfaRequired, 1, { mfa_token: err.mfaToken });
  return null;
}

export const authRoutes = new Hono<AppEnv>();

authRoutes.post(
  "/auth/register",
  route({
    summary:
      "Register (optionally with email, phone_number, bio and a multipart `profile_picture`) and get a token",
    form: registerFields.extend({
      profile_picture: upload().describe("JPG, PNG, GIF or WebP image (multipart), at most 5 MB"),
    }),
    responses: {
      200: ok("Registered", z.object({ token: z.string(), id: z.number() })),
      400: fails("Username already exists., or other field errors"),
    },
  }),
  async (c) => {
    const body = c.req.valid("form");
    const picture = body.profile_picture
      ? { file: body.profile_picture, field: "profile_picture", policy: PROFILE_PICTURE_POLICY }
      : undefined;
    try {
      const { user, access } = await registerWithProfile(ctxOf(c), {
        ...patchFrom(COCOTREE_USER_FIELDS, body),
        username: body.username,
        password: body.password,
        names: COCOTREE_USER_FIELDS,
        picture,
        client: clientInfo(c),
      });
      return c.json(success({ token: access, id: user.id }));
    } catch (err) {
      // This route's own wording of a taken name (with the dot), unlike user_details'.
      if (err instanceof DomainError && err.fields?.username?.some((e) => e.code === "unique")) {
        return c.json(
          { error: "Username already exists.", payload: { username: ["Username already exists."] }, code: 1 },
          400,
        );
      }
      throw err;
    }
  },
);

authRoutes.post(
  "/auth/login",
  route({
    summary:
      "Log in with username and password (taken as sent); 5 failures lock the account for 15 minutes, as on every login route",
    form: loginForm,
    responses: {
      200: { description: "Logged in", schema: cocotreeLogin.schema },
      400: { description: "Missing or error type of [username] / [password]", schema: loginFailure },
      401: {
        description:
          "User does not exist / Wrong password / Two-factor authentication required. (with `mfa_token`)",
        schema: loginFailure,
      },
      403: { description: "Locked out", schema: loginFailure },
      429: {
        description:
          "Five guesses at this account are being checked right now: try again after `Retry-After` seconds",
        schema: loginFailure,
      },
    },
  }),
  async (c) => {
    const fields = c.req.valid("form");
    for (const name of ["username", "password"] as const) {
      if (typeof fields[name] !== "string" || !fields[name]) {
        const { body, status } = loginFailed(400, `Missing or error type of [${name}]`);
        return c.json(body, status);
      }
    }
    const credentials = { username: fields.username as string, password: fields.password as string };
    try {
      return cocotreeLogin.respond(
        c,
        await logIn(ctxOf(c), { ...credentials, route: cocotreeLogin.route, client: clientInfo(c) }),
      );
    } catch (err) {
      const refused = refusedLogin(err);
      if (!refused) throw err;
      const retry =
        err instanceof DomainError && err.retryAfterSeconds !== undefined
          ? { "Retry-After": String(err.retryAfterSeconds) }
          : undefined;
      return c.json(refused.body, refused.status, retry);
    }
  },
);

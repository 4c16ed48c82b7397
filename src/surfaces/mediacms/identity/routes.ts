// mediacms-io/mediacms users/urls.py: the identity routes its API clients use: api/v1/login, api/v1/whoami, api/v1/user/token.
import { Hono } from "hono";
import * as z from "zod";
import { logIn } from "../../../domain/auth/authenticate";
import { issueApiKey } from "../../../domain/auth/session-token";
import { DomainError } from "../../../domain/errors";
import { findPublicUser } from "../../../domain/users/public-users";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { clientInfo } from "../../../http/credentials";
import { checkedByRoute } from "../../../http/declared-body";
import { presenterOf } from "../../../http/presenter";
import { DRF_UNAUTHENTICATED, drfError } from "../../shared/drf-error-schemas";
import { route } from "../declare";
import { mediacmsLogin } from "../login";
import { userDetailBody } from "../users/wire";
import { toUserDetail } from "../users/serializers";

const nonField = z.object({ non_field_errors: z.array(z.string()) });
const fieldErrors = z.record(z.string(), z.array(z.string()));

/** LoginSerializer.validate's refusals, as DRF words a serializer's non-field ValidationError. */
const refused = (message: string) => ({ non_field_errors: [message] });

/** LoginSerializer's CharFields: a string of at most `max` (DRF's own messages). */
function charField(
  fields: Record<string, unknown>,
  name: string,
  max: number,
  errors: Record<string, string[]>,
) {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") errors[name] = ["Not a valid string."];
  else if (value.length > max) errors[name] = [`Ensure this field has no more than ${max} characters.`];
  else return value;
  return undefined;
}

export const identityRoutes = new Hono<AppEnv>();

identityRoutes.post(
  "/api/v1/login",
  route({
    summary:
      "Log in with username (or email) and password; answers {email, username, token} (send it as `Authorization: Token <token>`)",
    // LoginSerializer's own checks (charField) word its field errors, in its order.
    form: z.object({
      username: checkedByRoute().optional(),
      email: checkedByRoute().optional(),
      password: checkedByRoute(),
    }),
    responses: {
      200: { description: "Logged in", schema: mediacmsLogin.schema },
      400: {
        description: "User not found. / password is required / field errors",
        schema: z.union([nonField, fieldErrors]),
      },
      401: drfError("Two-factor authentication required. (with `mfa_token`)"),
      403: drfError("Locked out"),
    },
  }),
  async (c) => {
    const fields = c.req.valid("form");
    const errors: Record<string, string[]> = {};
    const username = charField(fields, "username", 255, errors);
    const email = charField(fields, "email", 255, errors);
    const password = charField(fields, "password", 128, errors);
    if (fields.password === undefined || fields.password === null || fields.password === "")
      errors.password = ["This field is required."];
    if (Object.keys(errors).length) return c.json(errors, 400);
    const login = username || email;
    if (!login) return c.json(refused("username or email is required to log in."), 400);
    try {
      return mediacmsLogin.respond(
        c,
        await logIn(ctxOf(c), {
          username: login,
          password: password!,
          route: mediacmsLogin.route,
          client: clientInfo(c),
        }),
      );
    } catch (err) {
      // Django's authenticate() answers None for an unknown user, a wrong password and an inactive account alike.
      if (err instanceof DomainError && err.code === "INVALID_CREDENTIALS")
        return c.json(refused("User not found."), 400);
      throw err;
    }
  },
);

identityRoutes.get(
  "/api/v1/whoami",
  route({
    summary: "The signed-in user, as the user detail shows it",
    auth: true,
    responses: { 200: { description: "Me", schema: userDetailBody }, 401: DRF_UNAUTHENTICATED },
  }),
  async (c) => {
    const me = await findPublicUser(ctxOf(c), { username: c.var.viewer.user.username });
    return c.json(toUserDetail(me, presenterOf(c)));
  },
);

identityRoutes.get(
  "/api/v1/user/token",
  route({
    summary:
      "A new API key for me (send it as `Authorization: Token <token>`; it lives until logout with it, a password change elsewhere or a reset)",
    auth: true,
    responses: {
      200: { description: "The token", schema: z.object({ token: z.string() }) },
      401: DRF_UNAUTHENTICATED,
    },
  }),
  async (c) => c.json({ token: await issueApiKey(ctxOf(c), clientInfo(c)) }),
);

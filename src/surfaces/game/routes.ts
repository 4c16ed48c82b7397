// seed 001 and seed 003 (the newer, fuller one): the game backend, session-cookie auth.
import { Hono, type Context } from "hono";
import * as z from "zod";
import { logIn } from "../../domain/auth/authenticate";
import { logOut } from "../../domain/auth/log-out";
import type { Ctx } from "../../domain/context";
import { validationError } from "../../domain/errors";
import { setAvatar } from "../../domain/media/set-avatar";
import { requireSelf } from "../../domain/policy/ownership";
import type { ImagePolicy } from "../../domain/media/image-upload";
import { IMAGE_MSG } from "../../domain/media/image-upload";
import { changePassword } from "../../domain/users/change-password";
import { deactivateUser, deleteUser } from "../../domain/users/close-account";
import { LEADERBOARD_MAX_PAGE, leaderboard } from "../../domain/users/leaderboard";
import { registerUser } from "../../domain/users/register-user";
import { updateUser } from "../../domain/users/update-user";
import type { AppEnv } from "../../env";
import { GAME_AVATAR_BODY_BYTES, GAME_AVATAR_BYTES } from "../../http/body-limits";
import { ctxOf } from "../../http/context";
import { clientInfo } from "../../http/credentials";
import { isCrossSite } from "../../http/csrf";
import { declareRoutes } from "../../http/openapi";
import { presenterOf } from "../../http/presenter";
import { clearSessionCookie } from "../../http/session-cookie";
import { GAME_MSG } from "./errors";
import { gameLogin } from "./login";
import {
  GAME_UNAUTHENTICATED,
  gameBadRequest,
  gameError,
  gameLockout,
  gameMessage,
  gameMfaRequired,
} from "./error-schemas";
import { avatarUpdatedBody, gameUserBody, idMessageBody, leaderboardBody } from "./response-schemas";
import {
  avatarForm,
  leaderboardQuery,
  loginBody,
  passwordChangeBody,
  profilePatchBody,
  registerBody,
} from "./schemas";
import { replaceQueryParams } from "../shared/pagination";
import { patchFrom } from "../shared/user-fields";
import { GAME_USER_FIELDS } from "./user-fields";
import { idMessage, toGameUser, toLeaderboardEntry } from "./serializers";

const route = declareRoutes({ tag: "game", unsupportedMediaType: gameMessage });
const ok = (description: string, schema: z.ZodType = idMessageBody) => ({ description, schema });
/** The original's avatar rule: JPG, JPEG or PNG, at most 3 MB. */
const AVATAR_POLICY: ImagePolicy = {
  maxBytes: GAME_AVATAR_BYTES,
  extensions: ["jpg", "jpeg", "png"],
  types: ["jpeg", "png"],
};

export const gameApp = new Hono<AppEnv>();

gameApp.post(
  "/users/register/",
  route({
    summary: "Register a new user",
    json: registerBody,
    responses: { 201: ok("User created."), 400: gameError("Field errors", gameBadRequest) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const user = await registerUser(ctxOf(c), {
      ...patchFrom(GAME_USER_FIELDS, body),
      username: body.username,
      password: body.password1,
      passwordConfirm: body.password2,
      names: GAME_USER_FIELDS,
    });
    return c.json(idMessage(user, "User created."), 201);
  },
);

gameApp.post(
  "/users/login/",
  route({
    summary: "Log in (sets the sessionid cookie); 5 failures lock the account for 15 minutes",
    auth: "optional",
    json: loginBody,
    responses: {
      200: ok("Login successful."),
      400: gameError("Already authenticated / field errors", gameBadRequest),
      401: gameError(
        "Bad or missing credentials, or 2FA required (`mfa_token`)",
        z.union([gameMessage, gameMfaRequired]),
      ),
      403: gameError(
        'Locked out ({"error": …}), or a login from another site',
        z.union([gameLockout, gameMessage]),
      ),
    },
  }),
  async (c) => {
    const { username, password } = c.req.valid("json");
    if (c.var.viewer) return c.json({ errors: GAME_MSG.alreadyAuthenticated }, 400);
    if (typeof username !== "string" || typeof password !== "string" || !username || !password) {
      return c.json({ errors: GAME_MSG.credentialsRequired }, 401);
    }
    if (isCrossSite(c.req.raw, c.var.deps.config.csrfTrustedOrigins))
      return c.json({ errors: GAME_MSG.csrf }, 403);
    return gameLogin.respond(
      c,
      await logIn(ctxOf(c), { username, password, route: gameLogin.route, client: clientInfo(c) }),
    );
  },
);

gameApp.post(
  "/users/logout/",
  route({
    summary: "Log out this session",
    auth: true,
    responses: { 200: ok("Logout successful."), 401: GAME_UNAUTHENTICATED },
  }),
  async (c) => {
    await logOut(ctxOf(c));
    clearSessionCookie(c);
    return c.json(idMessage(c.var.viewer.user, "Logout successful."));
  },
);

gameApp.post(
  "/users/avatar/",
  route({
    summary: "Upload an avatar (multipart field `avatar`)",
    auth: true,
    // A JSON body is parsed (and holds no file), as DRF's parsers would; any other type is a 415.
    multipart: avatarForm,
    formLimit: {
      bytes: GAME_AVATAR_BODY_BYTES,
      refuse: () =>
        validationError({
          avatar: [{ code: "file_too_large", message: IMAGE_MSG.tooLarge(AVATAR_POLICY.maxBytes) }],
        }),
    },
    responses: {
      200: ok("Avatar updated.", avatarUpdatedBody),
      400: gameError("No file, bad extension, too large or not an image", gameBadRequest),
      401: GAME_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    const file = c.req.valid("form").avatar;
    if (!file) return c.json({ errors: GAME_MSG.noFile }, 400);
    const user = await setAvatar(ctxOf(c), { file, field: "avatar", policy: AVATAR_POLICY });
    return c.json({
      ...idMessage(user, "Avatar updated."),
      avatar_url: presenterOf(c).media(user.avatarKey),
    });
  },
);

gameApp.get(
  "/users/leaderboard/",
  route({
    d1Session: "first-unconstrained",
    summary: `Users by score, then id, with their rank; at most ${LEADERBOARD_MAX_PAGE} a page`,
    query: leaderboardQuery,
    responses: {
      200: {
        ...ok('Ranked users; `Link: <…>; rel="next"` when there are more', leaderboardBody),
        headers: ["Link"],
      },
      400: gameError("Bad limit or offset", gameBadRequest),
    },
  }),
  async (c) => {
    const { entries, next } = await leaderboard(ctxOf(c), c.req.valid("query"));
    // The documented body is a bare array, so the next page is announced the way GitHub's API does.
    if (next) c.header("Link", `<${replaceQueryParams(c.req.url, next)}>; rel="next"`);
    return c.json(entries.map((e) => toLeaderboardEntry(e, presenterOf(c))));
  },
);

const OWN_PROFILE = { 401: GAME_UNAUTHENTICATED, 403: gameError("Not your profile") };
const LAST_ADMIN = (what: string) => ({
  409: gameError(
    `The last active admin's account: ${what} it would leave no active admin (nothing is written)`,
  ),
});

const accountId = (c: Context) => Number(c.req.param("id"));
/** Before the body is validated: someone else's id is the documented 403 whatever the body says. The verb checks again. */
const ownAccount = (ctx: Ctx, c: Context<AppEnv>) => requireSelf(ctx, accountId(c));

gameApp.get(
  "/users/:id{[0-9]+}/",
  route({
    summary: "Own profile",
    auth: true,
    guard: ownAccount,
    responses: { 200: ok("The profile", gameUserBody), ...OWN_PROFILE },
  }),
  async (c) => c.json(toGameUser(c.var.viewer.user, presenterOf(c))),
);

gameApp.patch(
  "/users/:id{[0-9]+}/",
  route({
    summary:
      'Update username, email, names; or {"deactivate": true} (Django\'s is_active = False: no login until an admin reactivates)',
    auth: true,
    guard: ownAccount,
    json: profilePatchBody,
    responses: {
      200: ok("User Profile updated. / Account deactivated."),
      400: gameError("Field errors", gameBadRequest),
      ...OWN_PROFILE,
      ...LAST_ADMIN("deactivating"),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    if (body.deactivate === true) {
      await deactivateUser(ctxOf(c), { userId: accountId(c) });
      clearSessionCookie(c);
      return c.json(idMessage(c.var.viewer.user, "Account deactivated."));
    }
    const user = await updateUser(ctxOf(c), {
      userId: accountId(c),
      patch: patchFrom(GAME_USER_FIELDS, body),
      names: GAME_USER_FIELDS,
    });
    return c.json(idMessage(user, "User Profile updated."));
  },
);

gameApp.delete(
  "/users/:id{[0-9]+}/",
  route({
    summary: "Delete own account and its data",
    auth: true,
    responses: { 200: ok("Account deleted."), ...OWN_PROFILE, ...LAST_ADMIN("deleting") },
  }),
  async (c) => {
    await deleteUser(ctxOf(c), { userId: accountId(c) });
    clearSessionCookie(c);
    return c.json(idMessage(c.var.viewer.user, "Account deleted."));
  },
);

gameApp.post(
  "/users/:id{[0-9]+}/password/",
  route({
    summary: "Change password; ends every other session and token of the user, this session stays logged in",
    auth: true,
    guard: ownAccount,
    json: passwordChangeBody,
    responses: {
      200: ok("User password updated."),
      400: gameError(
        "Old password is incorrect / New password cannot be the same as the old one / field errors",
        gameBadRequest,
      ),
      ...OWN_PROFILE,
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    // The cookie this change came through stays valid (Django's update_session_auth_hash).
    await changePassword(ctxOf(c), {
      userId: accountId(c),
      oldPassword: body.old_password,
      newPassword: body.new_password1,
      newPasswordConfirm: body.new_password2,
      mustDiffer: true,
    });
    return c.json(idMessage(c.var.viewer.user, "User password updated."));
  },
);

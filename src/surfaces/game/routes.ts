// seed 001 and seed 003 (the newer, fuller one): the game backend, session-cookie auth.
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { logIn } from "../../domain/auth/authenticate";
import { endSession } from "../../domain/auth/sessions";
import { assertSelf } from "../../domain/auth/viewer";
import { validationError } from "../../domain/errors";
import { setAvatar } from "../../domain/media/set-avatar";
import type { ImagePolicy } from "../../domain/media/image-upload";
import { IMAGE_MSG } from "../../domain/media/image-upload";
import { changePassword } from "../../domain/users/change-password";
import { deactivateUser, deleteUser } from "../../domain/users/close-account";
import { LEADERBOARD_MAX_PAGE, leaderboard } from "../../domain/users/leaderboard";
import { registerUser } from "../../domain/users/register-user";
import { updateAccount } from "../../domain/users/update-account";
import type { AppEnv } from "../../env";
import { GAME_AVATAR_BODY_BYTES, GAME_AVATAR_BYTES } from "../../http/body-limits";
import { clientInfo, getViewer, requireViewer } from "../../http/credentials";
import { isCrossSite } from "../../http/csrf";
import { declaredLength, fileField, readForm } from "../../http/form-data";
import { doc } from "../../http/openapi";
import { bodyFormat } from "../../http/request-body";
import { clearSessionCookie, setSessionCookie } from "../../http/session-cookie";
import { validate } from "../../http/validator";
import { GAME_MSG } from "./errors";
import { avatarForm, leaderboardQuery, loginBody, passwordChangeBody, profilePatchBody, registerBody } from "./schemas";
import { replaceQueryParams } from "../shared/pagination";
import { idMessage, toGameUser, toLeaderboardEntry } from "./serializers";

const TAG = "game";
/** The original's avatar rule: JPG, JPEG or PNG, at most 3 MB. */
const AVATAR_POLICY: ImagePolicy = { maxBytes: GAME_AVATAR_BYTES, extensions: ["jpg", "jpeg", "png"], types: ["jpeg", "png"] };

export const gameApp = new Hono<AppEnv>();

gameApp.post(
  "/users/register/",
  doc({ tag: TAG, summary: "Register a new user", json: registerBody, responses: { 201: "User created.", 400: "Field errors" } }),
  validate("json", registerBody),
  async (c) => {
    const body = c.req.valid("json");
    const user = await registerUser(c.var.deps, { username: body.username, password: body.password1, passwordConfirm: body.password2 });
    return c.json(idMessage(user, "User created."), 201);
  },
);

gameApp.post(
  "/users/login/",
  doc({
    tag: TAG,
    summary: "Log in (sets the sessionid cookie); 5 failures lock the account for 15 minutes",
    json: loginBody,
    responses: { 200: "Login successful.", 400: "Already authenticated", 401: "Bad or missing credentials", 403: "Locked out" },
  }),
  validate("json", loginBody),
  async (c) => {
    const { username, password } = c.req.valid("json");
    if (await getViewer(c)) return c.json({ errors: GAME_MSG.alreadyAuthenticated }, 400);
    if (typeof username !== "string" || typeof password !== "string" || !username || !password) {
      return c.json({ errors: GAME_MSG.credentialsRequired }, 401);
    }
    if (isCrossSite(c.req.raw, c.var.deps.config.csrfTrustedOrigins)) return c.json({ errors: GAME_MSG.csrf }, 403);
    const { user, session } = await logIn(c.var.deps, { username, password }, "cookie", clientInfo(c));
    setSessionCookie(c, session.secret, session.expiresAt);
    return c.json(idMessage(user, "Login successful."));
  },
);

gameApp.post(
  "/users/logout/",
  doc({ tag: TAG, summary: "Log out this session", auth: true, responses: { 200: "Logout successful.", 401: "Not authenticated" } }),
  async (c) => {
    const viewer = await requireViewer(c);
    await endSession(c.var.deps, viewer.sessionId);
    clearSessionCookie(c);
    return c.json(idMessage(viewer.user, "Logout successful."));
  },
);

gameApp.post(
  "/users/avatar/",
  doc({
    tag: TAG,
    summary: "Upload an avatar (multipart field `avatar`)",
    auth: true,
    multipart: avatarForm,
    responses: { 200: "Avatar updated.", 400: "No file, bad extension, too large or not an image", 401: "Not authenticated" },
  }),
  async (c) => {
    const viewer = await requireViewer(c);
    if (declaredLength(c) > GAME_AVATAR_BODY_BYTES) {
      throw validationError({ avatar: [{ code: "file_too_large", message: IMAGE_MSG.tooLarge(AVATAR_POLICY.maxBytes) }] });
    }
    // A JSON body is parsed (and holds no file), as DRF's parsers would; any other type is a 415.
    const format = await bodyFormat(c, ["form", "json"]);
    const file = format === "form" ? fileField(await readForm(c), "avatar") : null;
    if (!file) return c.json({ errors: GAME_MSG.noFile }, 400);
    const user = await setAvatar(c.var.deps, viewer.user, file, "avatar", AVATAR_POLICY);
    return c.json({ ...idMessage(user, "Avatar updated."), avatar_url: c.var.deps.media.url(user.avatarKey) });
  },
);

gameApp.get(
  "/users/leaderboard/",
  doc({
    tag: TAG,
    summary: `Users by score, then id, with their rank; at most ${LEADERBOARD_MAX_PAGE} a page`,
    query: leaderboardQuery,
    responses: { 200: 'Ranked users; `Link: <…>; rel="next"` when there are more', 400: "Bad limit or offset" },
  }),
  validate("query", leaderboardQuery),
  async (c) => {
    const { entries, next } = await leaderboard(c.var.deps, c.req.valid("query"));
    // The documented body is a bare array, so the next page is announced the way GitHub's API does.
    if (next) c.header("Link", `<${replaceQueryParams(c.req.url, next)}>; rel="next"`);
    return c.json(entries.map((e) => toLeaderboardEntry(e, c.var.deps.media)));
  },
);

const OWN_PROFILE = { 401: "Not authenticated", 403: "Not your profile" };

/** Before the body is validated: someone else's id is the documented 403 whatever the body says. */
const ownAccount = createMiddleware<AppEnv>(async (c, next) => {
  assertSelf(await requireViewer(c), Number(c.req.param("id")));
  await next();
});

gameApp.get(
  "/users/:id{[0-9]+}/",
  doc({ tag: TAG, summary: "Own profile", auth: true, responses: { 200: "The profile", ...OWN_PROFILE } }),
  async (c) => {
    const viewer = await requireViewer(c);
    assertSelf(viewer, Number(c.req.param("id")));
    return c.json(toGameUser(viewer.user, c.var.deps.media));
  },
);

gameApp.patch(
  "/users/:id{[0-9]+}/",
  doc({
    tag: TAG,
    summary: "Update username, email, names; or {\"deactivate\": true} (Django's is_active = False: no login until an admin reactivates)",
    auth: true,
    json: profilePatchBody,
    responses: { 200: "User Profile updated. / Account deactivated.", 400: "Field errors", ...OWN_PROFILE },
  }),
  ownAccount,
  validate("json", profilePatchBody),
  async (c) => {
    const viewer = await requireViewer(c);
    const body = c.req.valid("json");
    if (body.deactivate === true) {
      await deactivateUser(c.var.deps, viewer.user);
      clearSessionCookie(c);
      return c.json(idMessage(viewer.user, "Account deactivated."));
    }
    const user = await updateAccount(c.var.deps, viewer.user, {
      username: body.username,
      email: body.email,
      firstName: body.first_name,
      lastName: body.last_name,
    });
    return c.json(idMessage(user, "User Profile updated."));
  },
);

gameApp.delete(
  "/users/:id{[0-9]+}/",
  doc({ tag: TAG, summary: "Delete own account and its data", auth: true, responses: { 200: "Account deleted.", ...OWN_PROFILE } }),
  async (c) => {
    const viewer = await requireViewer(c);
    assertSelf(viewer, Number(c.req.param("id")));
    await deleteUser(c.var.deps, viewer.user);
    clearSessionCookie(c);
    return c.json(idMessage(viewer.user, "Account deleted."));
  },
);

gameApp.post(
  "/users/:id{[0-9]+}/password/",
  doc({
    tag: TAG,
    summary: "Change password; ends every other session and token of the user, this session stays logged in",
    auth: true,
    json: passwordChangeBody,
    responses: { 200: "Password changed.", 400: "Field errors", ...OWN_PROFILE },
  }),
  ownAccount,
  validate("json", passwordChangeBody),
  async (c) => {
    const viewer = await requireViewer(c);
    const body = c.req.valid("json");
    // The cookie this change came through stays valid (Django's update_session_auth_hash).
    await changePassword(c.var.deps, viewer, {
      oldPassword: body.old_password,
      newPassword: body.new_password1,
      newPasswordConfirm: body.new_password2,
    });
    return c.json(idMessage(viewer.user, "Password changed."));
  },
);

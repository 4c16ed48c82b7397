// seed 004 §2 User Registration & Profile.
import { Hono, type Context } from "hono";
import type { Ctx } from "../../../domain/context";
import type { ImagePolicy } from "../../../domain/media/image-upload";
import { requireSelf } from "../../../domain/policy/ownership";
import { deactivateProfile, deleteUser } from "../../../domain/users/close-account";
import { signUp } from "../../../domain/users/sign-up";
import { updateUser } from "../../../domain/users/update-user";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { TWIMBOL_IMAGE_BYTES } from "../../../http/body-limits";
import { presenterOf } from "../../../http/presenter";
import { clearSessionCookie } from "../../../http/session-cookie";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../error-schemas";
import { detailBody, ownProfileBody, profileUpdateBody, registeredBody } from "../response-schemas";
import { profileUpdateForm, registerBody } from "../schemas";
import { toOwnProfile, toProfileUpdate, toUserRef } from "./serializers";
import { patchFrom } from "../../shared/user-fields";
import { TWIMBOL_USER_FIELDS } from "../user-fields";

const PROFILE_PIC_POLICY: ImagePolicy = {
  maxBytes: TWIMBOL_IMAGE_BYTES,
  extensions: ["jpg", "jpeg", "png", "gif", "webp"],
  types: ["jpeg", "png", "gif", "webp"],
};
const OWN_ONLY = { 401: DRF_UNAUTHENTICATED, 403: drfError("Not your account") };
const detail = (description: string) => ({ description, schema: detailBody });
const accountId = (c: Context) => Number(c.req.param("id"));
/** Before the body is read: someone else's id is the documented 403 whatever the body says. The verb checks again. */
const ownAccount = (ctx: Ctx, c: Context<AppEnv>) => requireSelf(ctx, accountId(c));

export const accountRoutes = new Hono<AppEnv>();

accountRoutes.post(
  "/user/api/register/",
  route({
    summary: "Register (joins `visitor`; welcome mail and notification)",
    json: registerBody,
    responses: {
      201: { description: "User registered successfully.", schema: registeredBody },
      400: drfError("Field errors", drfBadRequest),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { user, emailSent } = await signUp(ctxOf(c), {
      ...patchFrom(TWIMBOL_USER_FIELDS, body),
      username: body.username,
      password: body.password,
      birthday: body.birthday ?? "2000-01-01",
      names: TWIMBOL_USER_FIELDS,
    });
    return c.json(
      { message: "User registered successfully.", user: toUserRef(user), email_sent: emailSent },
      201,
    );
  },
);

accountRoutes.get(
  "/user/api/profile/",
  route({
    summary: "Own profile, as a one-item list",
    auth: true,
    responses: { 200: { description: "[profile]", schema: ownProfileBody }, 401: DRF_UNAUTHENTICATED },
  }),
  async (c) => c.json(toOwnProfile(c.var.viewer, presenterOf(c))),
);

accountRoutes.patch(
  "/user/api/update/:id{[0-9]+}/",
  route({
    summary:
      "Update own profile (multipart, `profile_pic` file; `allow_contact` switches MediaCMS's contact route)",
    auth: true,
    guard: ownAccount,
    multipart: profileUpdateForm,
    responses: {
      200: { description: "Updated profile", schema: profileUpdateBody },
      400: drfError("Field errors", drfBadRequest),
      ...OWN_ONLY,
    },
  }),
  async (c) => {
    const body = c.req.valid("form");
    const user = await updateUser(ctxOf(c), {
      userId: accountId(c),
      patch: patchFrom(TWIMBOL_USER_FIELDS, body),
      names: TWIMBOL_USER_FIELDS,
      picture: body.profile_pic
        ? { file: body.profile_pic, field: "profile_pic", policy: PROFILE_PIC_POLICY }
        : undefined,
    });
    return c.json(toProfileUpdate(user, presenterOf(c)));
  },
);

/** Deactivation, with the id the documented route names (which must be the caller's) or without one. */
async function deactivateSelf<E extends AppEnv>(c: Context<E>, userId?: number) {
  await deactivateProfile(ctxOf(c), { userId });
  clearSessionCookie(c);
  return c.json({ detail: "Profile deactivated successfully" });
}

for (const method of ["post", "patch"] as const) {
  accountRoutes[method](
    "/user/api/deactivate/:id{[0-9]+}/",
    route({
      summary:
        "Deactivate own account (`user_status` false): hides it and ends every session; the next successful login reactivates it",
      auth: true,
      responses: { 200: detail("Profile deactivated successfully"), ...OWN_ONLY },
    }),
    (c) => deactivateSelf(c, accountId(c)),
  );
}

accountRoutes.post(
  "/user/api/deactivate/",
  route({
    summary:
      "Deactivate own account, as `/user/api/deactivate/{id}/` (the Account Settings page calls it without an id)",
    auth: true,
    responses: { 200: detail("Profile deactivated successfully"), 401: DRF_UNAUTHENTICATED },
  }),
  (c) => deactivateSelf(c),
);

accountRoutes.post(
  "/user/delete/",
  route({
    summary: "Delete own account permanently",
    auth: true,
    responses: {
      200: detail("Account deleted successfully."),
      401: DRF_UNAUTHENTICATED,
      409: drfError("The last active admin's account: deleting it would leave no active admin"),
    },
  }),
  async (c) => {
    await deleteUser(ctxOf(c));
    clearSessionCookie(c);
    return c.json({ detail: "Account deleted successfully." });
  },
);

// seed 004 §2 User Registration & Profile.
import { Hono, type Context } from "hono";
import { assertSelf } from "../../domain/auth/viewer";
import type { ImagePolicy } from "../../domain/media/image-upload";
import { deactivateProfile, deleteUser } from "../../domain/users/close-account";
import { signUp } from "../../domain/users/sign-up";
import { updateProfile } from "../../domain/users/update-profile";
import type { AppEnv } from "../../env";
import { TWIMBOL_IMAGE_BYTES } from "../../http/body-limits";
import { requireViewer } from "../../http/credentials";
import { doc } from "../../http/openapi";
import { readAnyBody } from "../../http/request-body";
import { clearSessionCookie } from "../../http/session-cookie";
import { parseOrThrow, validate } from "../../http/validator";
import { profileUpdateFields, profileUpdateForm, registerBody } from "./schemas";
import { toOwnProfile, toProfileUpdate, toUserRef } from "./serializers";

const TAG = "twimbol";
const PROFILE_PIC_POLICY: ImagePolicy = {
  maxBytes: TWIMBOL_IMAGE_BYTES,
  extensions: ["jpg", "jpeg", "png", "gif", "webp"],
  types: ["jpeg", "png", "gif", "webp"],
};
const OWN_ONLY = { 401: "Not authenticated", 403: "Not your account" };

export const accountRoutes = new Hono<AppEnv>();

accountRoutes.post(
  "/user/api/register/",
  doc({ tag: TAG, summary: "Register (joins `visitor`; welcome mail and notification)", json: registerBody, responses: { 201: "User registered successfully.", 400: "Field errors" } }),
  validate("json", registerBody),
  async (c) => {
    const body = c.req.valid("json");
    const { user, emailSent } = await signUp(c.var.deps, {
      username: body.username,
      email: body.email,
      password: body.password,
      birthday: body.birthday ?? "2000-01-01",
    });
    return c.json({ message: "User registered successfully.", user: toUserRef(user), email_sent: emailSent }, 201);
  },
);

accountRoutes.get(
  "/user/api/profile/",
  doc({ tag: TAG, summary: "Own profile, as a one-item list", auth: true, responses: { 200: "[profile]", 401: "Not authenticated" } }),
  async (c) => c.json(toOwnProfile(await requireViewer(c), c.var.deps.media)),
);

accountRoutes.patch(
  "/user/api/update/:id{[0-9]+}/",
  doc({ tag: TAG, summary: "Update own profile (multipart, `profile_pic` file)", auth: true, multipart: profileUpdateForm, responses: { 200: "Updated profile", 400: "Field errors", ...OWN_ONLY } }),
  async (c) => {
    const viewer = await requireViewer(c);
    assertSelf(viewer, Number(c.req.param("id")));
    const { fields, files } = await readAnyBody(c);
    const body = parseOrThrow(profileUpdateFields, fields);
    const user = await updateProfile(c.var.deps, viewer.user, {
      changes: {
        firstName: body.first_name,
        lastName: body.last_name,
        phone: body.user_phone,
        address: body.user_address,
        socialFacebook: body.user_social_fb,
        socialTwitter: body.user_social_twt,
        socialYoutube: body.user_social_yt,
      },
      fieldNames: { firstName: "first_name", lastName: "last_name", phone: "user_phone", address: "user_address", socialFacebook: "user_social_fb", socialTwitter: "user_social_twt", socialYoutube: "user_social_yt" },
      picture: files.profile_pic ? { file: files.profile_pic, field: "profile_pic", policy: PROFILE_PIC_POLICY } : undefined,
    });
    return c.json(toProfileUpdate(user, c.var.deps.media));
  },
);

/** Deactivation, with the id the documented route names (which must be the caller's) or without one. */
async function deactivateSelf(c: Context<AppEnv>, id?: number) {
  const viewer = await requireViewer(c);
  if (id !== undefined) assertSelf(viewer, id);
  await deactivateProfile(c.var.deps, viewer.user);
  clearSessionCookie(c);
  return c.json({ detail: "Profile deactivated successfully" });
}

for (const method of ["post", "patch"] as const) {
  accountRoutes[method](
    "/user/api/deactivate/:id{[0-9]+}/",
    doc({ tag: TAG, summary: "Deactivate own account (`user_status` false): hides it and ends every session; the next successful login reactivates it", auth: true, responses: { 200: "Profile deactivated successfully", ...OWN_ONLY } }),
    (c) => deactivateSelf(c, Number(c.req.param("id"))),
  );
}

accountRoutes.post(
  "/user/api/deactivate/",
  doc({ tag: TAG, summary: "Deactivate own account, as `/user/api/deactivate/{id}/` (the Account Settings page calls it without an id)", auth: true, responses: { 200: "Profile deactivated successfully", 401: "Not authenticated" } }),
  (c) => deactivateSelf(c),
);

accountRoutes.post(
  "/user/delete/",
  doc({ tag: TAG, summary: "Delete own account permanently", auth: true, responses: { 200: "Account deleted successfully.", 401: "Not authenticated" } }),
  async (c) => {
    const viewer = await requireViewer(c);
    await deleteUser(c.var.deps, viewer.user);
    clearSessionCookie(c);
    return c.json({ detail: "Account deleted successfully." });
  },
);

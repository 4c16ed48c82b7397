// seed 002 User Management: user_info, search_users, search_friends, user_details (+ sensitive), delete_account.
import { Hono } from "hono";
import * as z from "zod";
import { findUserByName, listFriends, userDetails, userInfo } from "../../../domain/friends/queries";
import { GROUP_NAME_MAX } from "../../../domain/friends/update-group";
import { USERNAME_MAX } from "../../../domain/users/username";
import type { ImagePolicy } from "../../../domain/media/image-upload";
import { anonymizeAccount } from "../../../domain/users/anonymize-account";
import { updateDetails } from "../../../domain/users/update-details";
import { updateUser } from "../../../domain/users/update-user";
import type { AppEnv } from "../../../env";
import { TWIMBOL_IMAGE_BYTES } from "../../../http/body-limits";
import { ctxOf } from "../../../http/context";
import { upload } from "../../../http/declared-body";
import { presenterOf } from "../../../http/presenter";
import { clearSessionCookie } from "../../../http/session-cookie";
import { COCOTREE_UNAUTHENTICATED, fails, ok, route } from "../declare";
import { searchText, secret, text } from "../../shared/text";
import { idParam } from "../params";
import { patchFrom } from "../../shared/user-fields";
import { COCOTREE_USER_FIELDS } from "../user-fields";
import {
  friendSchema,
  success,
  toFriend,
  toUserCard,
  toUserDetails,
  toUserInfo,
  userCardSchema,
  userDetailsSchema,
  userInfoSchema,
} from "../serializers";

/** Cocotree's profile pictures: the usual web image types, checked by their bytes. */
export const PROFILE_PICTURE_POLICY: ImagePolicy = {
  maxBytes: TWIMBOL_IMAGE_BYTES,
  extensions: ["jpg", "jpeg", "png", "gif", "webp"],
  types: ["jpeg", "png", "gif", "webp"],
};

const card = userCardSchema;
export const detailsFields = z.object({ username: text().optional(), bio: text().optional() });
const detailsForm = detailsFields.extend({
  profile_picture: upload().describe("JPG, PNG, GIF or WebP image (multipart), at most 5 MB"),
});
export const sensitiveBody = z.object({
  validation_password: secret().optional(),
  password: secret().optional(),
  email: text().nullable().optional(),
  phone_number: text().optional(),
});
export const friendsQuery = z.object({
  prefix: searchText(USERNAME_MAX).optional(),
  group: searchText(GROUP_NAME_MAX).optional(),
});

export const usersRoutes = new Hono<AppEnv>();

usersRoutes.get(
  "/users/user_info/:id{[0-9]+}/",
  route({
    summary: "Basic info of a user, with whether they are my friend and my group for them",
    auth: true,
    responses: {
      200: ok("The user", userInfoSchema),
      401: COCOTREE_UNAUTHENTICATED,
      404: fails("User not found (unknown, inactive or blocked either way)"),
    },
  }),
  async (c) => {
    const user = await userInfo(ctxOf(c), { userId: idParam(c, "id", "user") });
    return c.json(success(toUserInfo(user, presenterOf(c))));
  },
);

usersRoutes.get(
  "/users/search_users/",
  route({
    summary: "A user by exact username (case-insensitive)",
    auth: true,
    query: z.object({ username: searchText(USERNAME_MAX).optional() }),
    responses: {
      200: ok("The user", card),
      400: fails("Username is required, too long or not text"),
      401: COCOTREE_UNAUTHENTICATED,
      404: fails("User not found (code 1)"),
    },
  }),
  async (c) => {
    const user = await findUserByName(ctxOf(c), { username: c.req.valid("query").username });
    return c.json(success(toUserCard(user, presenterOf(c))));
  },
);

for (const path of ["/users/search_friends/", "/users/friends/search_friends/"]) {
  usersRoutes.get(
    path,
    route({
      summary:
        "My friends by username; `prefix` (case-insensitive, `%` and `_` literal) and `group` (exact) filter",
      auth: true,
      query: friendsQuery,
      responses: {
        200: ok("My friends", z.object({ friends: z.array(friendSchema) })),
        400: fails("Field errors"),
        401: COCOTREE_UNAUTHENTICATED,
      },
    }),
    async (c) => {
      const friends = await listFriends(ctxOf(c), c.req.valid("query"));
      return c.json(success({ friends: friends.map((f) => toFriend(f, presenterOf(c))) }));
    },
  );
}

usersRoutes.get(
  "/users/user_details/",
  route({
    summary: "My profile, with the number of pending friend requests addressed to me",
    auth: true,
    responses: {
      200: ok("My profile", userDetailsSchema),
      401: COCOTREE_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    const { user, pendingCount } = await userDetails(ctxOf(c));
    return c.json(success(toUserDetails(user, pendingCount, presenterOf(c))));
  },
);

usersRoutes.patch(
  "/users/user_details/",
  route({
    summary:
      "Change my username, bio and picture (JSON, or multipart with a `profile_picture` file); answers a fresh access token",
    auth: true,
    form: detailsForm,
    responses: {
      200: ok(
        "Updated",
        z.object({ message: z.string(), data: card.extend({ bio: z.string() }), token: z.string() }),
      ),
      400: fails("Username already exists, or other field errors"),
      401: COCOTREE_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    const body = c.req.valid("form");
    const picture = body.profile_picture
      ? { file: body.profile_picture, field: "profile_picture", policy: PROFILE_PICTURE_POLICY }
      : undefined;
    const { user, access } = await updateDetails(ctxOf(c), {
      patch: patchFrom(COCOTREE_USER_FIELDS, body),
      names: COCOTREE_USER_FIELDS,
      picture,
    });
    const media = presenterOf(c);
    return c.json(
      success({
        message: "User info updated successfully",
        data: { ...toUserCard(user, media), bio: user.bio },
        token: access,
      }),
    );
  },
);

usersRoutes.patch(
  "/users/user_details/sensitive/",
  route({
    summary:
      "Change my password, email or phone after confirming the current password; a new password keeps this session and ends every other one",
    auth: true,
    json: sensitiveBody,
    responses: {
      200: ok(
        "Updated",
        z.object({
          message: z.string(),
          data: z.object({ id: z.number(), email: z.string().nullable(), phone_number: z.string() }),
        }),
      ),
      400: fails("Current password is required, or field errors"),
      401: fails("Current password is incorrect, or no credentials"),
      403: fails("Locked out"),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const user = await updateUser(ctxOf(c), {
      patch: patchFrom(COCOTREE_USER_FIELDS, body),
      names: COCOTREE_USER_FIELDS,
      confirm: { currentPassword: body.validation_password },
      password: body.password,
    });
    return c.json(
      success({
        message: "User info updated successfully",
        data: { id: user.id, email: user.email, phone_number: user.phone },
      }),
    );
  },
);

usersRoutes.delete(
  "/users/delete_account/",
  route({
    summary:
      "Deactivate and anonymize my account; its friendships, pending requests, chat memberships and sessions end",
    auth: true,
    responses: {
      200: { description: "No envelope", schema: z.object({ message: z.string() }) },
      401: COCOTREE_UNAUTHENTICATED,
      409: fails("The last active admin cannot delete their account"),
    },
  }),
  async (c) => {
    await anonymizeAccount(ctxOf(c));
    clearSessionCookie(c);
    return c.json({ message: "Account successfully deactivated" });
  },
);

// DESIGN.md "Admin API": role `admin` only, DRF envelope.
import { Hono } from "hono";
import type * as z from "zod";
import { adminUpdateUser, type AdminUserView } from "../../domain/admin/update-user";
import { adminResetTwoFactor } from "../../domain/auth/two-factor/manage";
import { adminDeleteUser, adminEndSessions, adminUnlockUser } from "../../domain/admin/user-actions";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../shared/drf-error-schemas";
import { adminOnly, originOf, route } from "./admin-only";
import { creatorApplicationRoutes } from "./creator-applications/routes";
import { moderationRoutes } from "./moderation/routes";
import { adminUserBody, reviewedBody } from "./response-schemas";
import { adminUserPatchBody } from "./schemas";
import { patchFrom, wireOf } from "../shared/user-fields";
import { ADMIN_USER_FIELDS } from "./user-fields";

export const adminApp = new Hono<AppEnv>().route("/", creatorApplicationRoutes).route("/", moderationRoutes);

const toAdminUser = ({ user, groups }: AdminUserView): z.output<typeof adminUserBody> => ({
  id: user.id,
  username: user.username,
  email: user.email ?? "",
  groups,
  ...wireOf(ADMIN_USER_FIELDS, user),
  date_joined: user.dateJoined.toISOString(),
});

adminApp.patch(
  "/api/admin/users/:id{[0-9]+}/",
  route({
    summary:
      "Edit a user's score, groups and flags (`allow_contact` included); an admin cannot ban, deactivate or demote themself, nor leave no active admin",
    auth: true,
    guard: adminOnly,
    json: adminUserPatchBody,
    responses: {
      200: { description: "The updated user", schema: adminUserBody },
      400: drfError("Field errors", drfBadRequest),
      401: DRF_UNAUTHENTICATED,
      403: drfError(
        "Not an admin, or the admin's own account banned, deactivated or demoted (nothing is written)",
      ),
      404: drfError("No such user"),
      409: drfError("It would leave no active admin (nothing is written)"),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const view = await adminUpdateUser(ctxOf(c), {
      userId: Number(c.req.param("id")),
      patch: { ...patchFrom(ADMIN_USER_FIELDS, body), groups: body.groups },
      names: ADMIN_USER_FIELDS,
      origin: originOf(c),
    });
    return c.json(toAdminUser(view));
  },
);

adminApp.delete(
  "/api/admin/users/:id{[0-9]+}/2fa/",
  route({
    summary:
      "Reset a user's 2FA (a lost device): secret, recovery codes and half-done logins go; the user is mailed",
    auth: true,
    guard: adminOnly,
    responses: {
      204: { description: "2FA is off (also when it was)" },
      401: DRF_UNAUTHENTICATED,
      403: drfError("Not an admin"),
      404: drfError("No such user"),
    },
  }),
  async (c) => {
    await adminResetTwoFactor(ctxOf(c), { userId: Number(c.req.param("id")), origin: originOf(c) });
    return c.body(null, 204);
  },
);

const userActions = [
  {
    path: "unlock",
    summary: "Clear the user's login lockout",
    verb: adminUnlockUser,
    detail: "Login lockout cleared.",
  },
  {
    path: "end-sessions",
    summary: "End every session and token of the user",
    verb: adminEndSessions,
    detail: "All sessions ended.",
  },
] as const;

for (const action of userActions) {
  adminApp.post(
    `/api/admin/users/:id{[0-9]+}/${action.path}/`,
    route({
      summary: action.summary,
      auth: true,
      guard: adminOnly,
      responses: {
        200: { description: "Done", schema: reviewedBody.pick({ detail: true, id: true }) },
        401: DRF_UNAUTHENTICATED,
        403: drfError("Not an admin"),
        404: drfError("No such user"),
      },
    }),
    async (c) => {
      const userId = Number(c.req.param("id"));
      await action.verb(ctxOf(c), { userId, origin: originOf(c) });
      return c.json({ detail: action.detail, id: userId });
    },
  );
}

adminApp.delete(
  "/api/admin/users/:id{[0-9]+}/",
  route({
    summary:
      "Delete a user and everything that hangs off the account; an admin cannot delete themself, nor the last active admin",
    auth: true,
    guard: adminOnly,
    responses: {
      204: { description: "Deleted" },
      401: DRF_UNAUTHENTICATED,
      403: drfError("Not an admin, or the admin's own account"),
      404: drfError("No such user"),
      409: drfError("It would leave no active admin (nothing is deleted)"),
    },
  }),
  async (c) => {
    await adminDeleteUser(ctxOf(c), { userId: Number(c.req.param("id")), origin: originOf(c) });
    return c.body(null, 204);
  },
);

// DESIGN.md "Admin API": role `admin` only, DRF envelope.
import { Hono } from "hono";
import { adminUpdateUser, type AdminUserView } from "../../domain/admin/update-user";
import type { AppEnv } from "../../env";
import { requireViewer } from "../../http/credentials";
import { doc } from "../../http/openapi";
import { validate } from "../../http/validator";
import { adminOnly } from "./admin-only";
import { creatorApplicationRoutes } from "./creator-applications";
import { adminUserPatchBody } from "./schemas";

const TAG = "admin";

export const adminApp = new Hono<AppEnv>().route("/", creatorApplicationRoutes);

const toAdminUser = ({ user, groups }: AdminUserView) => ({
  id: user.id,
  username: user.username,
  email: user.email ?? "",
  score: user.score,
  groups,
  is_active: user.isActive,
  is_banned: user.isBanned,
  is_featured: user.isFeatured,
  is_editor: user.isEditor,
  is_manager: user.isManager,
  advancedUser: user.advancedUser,
  date_joined: user.dateJoined.toISOString(),
});

adminApp.patch(
  "/api/admin/users/:id{[0-9]+}/",
  doc({
    tag: TAG,
    summary: "Edit a user's score, groups and flags",
    auth: true,
    json: adminUserPatchBody,
    responses: { 200: "The updated user", 400: "Field errors", 401: "Not authenticated", 403: "Not an admin", 404: "No such user" },
  }),
  adminOnly,
  validate("json", adminUserPatchBody),
  async (c) => {
    const viewer = await requireViewer(c);
    const body = c.req.valid("json");
    const view = await adminUpdateUser(c.var.deps, viewer, Number(c.req.param("id")), {
      score: body.score,
      groups: body.groups,
      isActive: body.is_active,
      isBanned: body.is_banned,
      isFeatured: body.is_featured,
      isEditor: body.is_editor,
      isManager: body.is_manager,
      advancedUser: body.advancedUser,
    });
    return c.json(toAdminUser(view));
  },
);

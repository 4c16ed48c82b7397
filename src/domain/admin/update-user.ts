import type { Ctx } from "../context";
import type { AdminOrigin } from "./audit";
import type { FieldNames, UserPatch } from "../users/fields";
import { adminEdit, type AdminUserView } from "../users/update-user";

export type { AdminUserView } from "../users/update-user";

export const KNOWN_GROUPS = ["visitor", "creator", "admin"] as const;

/** Any field of the registry (the admins' own ones included) and the groups, replaced as a whole. */
export type AdminUserPatch = UserPatch & { groups?: string[] };

/** An admin edits an account: the one user edit, by an admin (audited, never leaving no active admin). */
export function adminUpdateUser(
  ctx: Ctx,
  {
    userId,
    patch: { groups, ...patch },
    origin,
    names,
  }: { userId: number; patch: AdminUserPatch; origin?: AdminOrigin; names?: FieldNames },
): Promise<AdminUserView> {
  return adminEdit(ctx, { by: "admin", userId, patch, groups, origin, names });
}

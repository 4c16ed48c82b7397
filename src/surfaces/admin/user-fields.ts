import type { FieldNames } from "../../domain/users/fields";

/** The admin API's names of the user fields it edits (`PATCH /api/admin/users/{id}/`). */
export const ADMIN_USER_FIELDS = {
  score: "score",
  isActive: "is_active",
  isBanned: "is_banned",
  isFeatured: "is_featured",
  isEditor: "is_editor",
  isManager: "is_manager",
  advancedUser: "advancedUser",
  allowContact: "allow_contact",
} as const satisfies FieldNames;

import type { FieldNames } from "../../domain/users/fields";

/** Cocotree's names of the user fields (`/auth/register`, `user_details` and its `sensitive`). */
export const COCOTREE_USER_FIELDS = {
  username: "username",
  email: "email",
  phone: "phone_number",
  bio: "bio",
} as const satisfies FieldNames;

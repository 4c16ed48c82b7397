import type { FieldNames } from "../../domain/users/fields";

/** The game's names of the user fields (seed 003 `PATCH /users/<id>/`). */
export const GAME_USER_FIELDS = {
  username: "username",
  email: "email",
  firstName: "first_name",
  lastName: "last_name",
} as const satisfies FieldNames;

import type { ReasonTable } from "../errors";

/** Why authentication or authorization refused, each with the one code it is thrown with. */
export const AUTH_REASONS = {
  unknown_user: "INVALID_CREDENTIALS",
  bad_password: "INVALID_CREDENTIALS",
  inactive: "INVALID_CREDENTIALS",
  token_invalid: "UNAUTHENTICATED",
  not_admin: "FORBIDDEN",
  not_owner: "FORBIDDEN",
  /** The change would leave no active (not banned, not deactivated, not deleted) account in the `admin` group. */
  last_admin: "CONFLICT",
  /** An admin tried to ban, deactivate, delete or demote their own account. */
  admin_self: "FORBIDDEN",
  /** Five guesses are being tested already: this one was not, and may come back in a moment. */
  guesses_in_flight: "RATE_LIMITED",
} as const satisfies ReasonTable;

import type { ReasonTable } from "../errors";

export const USER_REASONS = {
  user: "NOT_FOUND",
  /** A reset asked for an address no account that may sign in has. */
  email_unknown: "NOT_FOUND",
  reset_invalid: "BAD_REQUEST",
  reset_expired: "BAD_REQUEST",
  /** A change that needs the current password was sent without it. */
  current_password_required: "BAD_REQUEST",
  /** The current password given to confirm a change is wrong (a guess under the login lockout). */
  current_password: "INVALID_CREDENTIALS",
} as const satisfies ReasonTable;

import type { ReasonTable } from "../errors";

export const USER_REASONS = {
  user: "NOT_FOUND",
  /** A reset asked for an address no account that may sign in has. */
  email_unknown: "NOT_FOUND",
  reset_invalid: "BAD_REQUEST",
  reset_expired: "BAD_REQUEST",
} as const satisfies ReasonTable;

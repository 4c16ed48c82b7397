import type { ReasonTable } from "../errors";

export const USER_REASONS = {
  user: "NOT_FOUND",
  /** A reset asked for an address no account that may sign in has. */
  email_unknown: "NOT_FOUND",
  reset_invalid: "BAD_REQUEST",
  reset_expired: "BAD_REQUEST",
  /** RESET_TO_UNVERIFIED_EMAIL is off and the account's address was never verified. */
  reset_email_unverified: "BAD_REQUEST",
  email_code_invalid: "BAD_REQUEST",
  email_code_expired: "BAD_REQUEST",
  /** Verification asked for by an account with no address. */
  email_missing: "CONFLICT",
  email_already_verified: "CONFLICT",
  /** MediaCMS words its contact route's 401 apart from every other. */
  contact_signed_out: "UNAUTHENTICATED",
  /** MediaCMS authenticates its account deletion by session first, so DRF answers a signed-out caller 403, not 401. */
  deletion_signed_out: "UNAUTHENTICATED",
  contact_fields_required: "BAD_REQUEST",
  contact_subject_line_break: "BAD_REQUEST",
  contact_subject_too_long: "BAD_REQUEST",
  contact_body_too_long: "BAD_REQUEST",
  /** Oneself, an account with contact off, or one with no address. */
  contact_not_allowed: "FORBIDDEN",
  too_many_contacts: "RATE_LIMITED",
  /** A change that needs the current password was sent without it. */
  current_password_required: "BAD_REQUEST",
  /** The current password given to confirm a change is wrong (a guess under the login lockout). */
  current_password: "INVALID_CREDENTIALS",
} as const satisfies ReasonTable;

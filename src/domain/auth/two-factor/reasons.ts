import type { ReasonTable } from "../../errors";

/** Why a two-factor step refused, each with the one code it is thrown with. */
export const TWO_FACTOR_REASONS = {
  /** The password was right and a code is due: the error carries the `mfaToken` that completes the login. */
  two_factor_required: "MFA_REQUIRED",
  /** A wrong, malformed, replayed or used code (TOTP or recovery). */
  totp_code_invalid: "BAD_REQUEST",
  /** A wrong password where 2FA asks for one (turning it off). */
  two_factor_password_invalid: "BAD_REQUEST",
  /** An unknown, expired, used or voided mfa_token. */
  mfa_token_invalid: "UNAUTHENTICATED",
  two_factor_already_on: "CONFLICT",
  two_factor_off: "CONFLICT",
  /** Confirming with no enrolment shown first. */
  totp_not_pending: "CONFLICT",
} as const satisfies ReasonTable;

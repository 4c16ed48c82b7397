import type { ReasonTable } from "../errors";

export const PARENTAL_REASONS = {
  parent_already_linked: "CONFLICT",
  otp_invalid: "BAD_REQUEST",
  otp_expired: "BAD_REQUEST",
  /** Past the per-child or per-IP cap on parent addresses mailed. */
  too_many_parent_requests: "RATE_LIMITED",
} as const satisfies ReasonTable;

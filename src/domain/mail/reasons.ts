import type { ReasonTable } from "../errors";

export const MAIL_REASONS = {
  /** The mail transport refused or failed, so a code the user needs never left. */
  mail: "UNAVAILABLE",
} as const satisfies ReasonTable;

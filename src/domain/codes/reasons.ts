import type { ReasonTable } from "../errors";

export const CODE_REASONS = {
  /** One scope asked for more one-time codes than a window allows. */
  too_many_codes: "RATE_LIMITED",
} as const satisfies ReasonTable;

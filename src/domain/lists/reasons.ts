import type { ReasonTable } from "../errors";

export const LIST_REASONS = {
  /** A page a paginated list does not have (past the end, 0, not a number). */
  invalid_page: "NOT_FOUND",
} as const satisfies ReasonTable;

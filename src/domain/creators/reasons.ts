import type { ReasonTable } from "../errors";

export const CREATOR_REASONS = {
  already_applied: "CONFLICT",
  application: "NOT_FOUND",
} as const satisfies ReasonTable;

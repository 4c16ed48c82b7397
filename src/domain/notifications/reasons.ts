import type { ReasonTable } from "../errors";

export const NOTIFICATION_REASONS = {
  notification: "NOT_FOUND",
} as const satisfies ReasonTable;

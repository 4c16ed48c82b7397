import type { ReasonTable } from "../errors";

export const FOLLOW_REASONS = {
  follow_self: "BAD_REQUEST",
  block_self: "BAD_REQUEST",
} as const satisfies ReasonTable;

import type { ReasonTable } from "../errors";

export const POST_REASONS = {
  /** No such post, or a block separates the viewer and its author. */
  post: "NOT_FOUND",
} as const satisfies ReasonTable;

import type { ReasonTable } from "../errors";

export const POST_REASONS = {
  /** No such post, or a block separates the viewer and its author. */
  post: "NOT_FOUND",
  /** One like, hide or report per user and post. */
  already_liked: "BAD_REQUEST",
  already_hidden: "BAD_REQUEST",
  already_reported: "BAD_REQUEST",
  /** The caller has no such mark on the post to remove. */
  like_not_found: "NOT_FOUND",
  hide_not_found: "NOT_FOUND",
  report_not_found: "NOT_FOUND",
  /** No such comment on the post, or not one the caller may delete. */
  comment_not_found: "NOT_FOUND",
} as const satisfies ReasonTable;

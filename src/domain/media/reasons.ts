import type { ReasonTable } from "../errors";

export const MEDIA_REASONS = {
  /** The media store could not be read. */
  media: "UNAVAILABLE",
  /** The author a media list names is not a visible account. */
  media_author: "NOT_FOUND",
} as const satisfies ReasonTable;

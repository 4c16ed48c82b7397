import type { ReasonTable } from "../errors";

export const MEDIA_REASONS = {
  /** The media store could not be read. */
  media: "UNAVAILABLE",
} as const satisfies ReasonTable;

import type { ReasonTable } from "../errors";

export const VIDEO_REASONS = {
  /** Uploading reels needs the creator or admin role. */
  reel_uploader: "FORBIDDEN",
  /** Uploading videos (and resumable uploads) needs the creator or admin role. */
  video_uploader: "FORBIDDEN",
  /** The creator dashboard needs the creator or admin role. */
  creator_only: "FORBIDDEN",
  /** A reel or video with no file, upload or YouTube link. */
  no_video: "BAD_REQUEST",
  /** The bytes are not an MP4, WebM or QuickTime video (or not the type the upload declared). */
  invalid_video: "BAD_REQUEST",
  /** No such upload, or it is someone else's. */
  upload: "NOT_FOUND",
  /** A part number the upload does not have. */
  part_number: "BAD_REQUEST",
  /** A part that is not exactly the size its number must have. */
  part_size: "BAD_REQUEST",
  /** Completing, or creating from, an upload some part of which has not arrived. */
  upload_incomplete: "BAD_REQUEST",
  /** A part sent to an upload that is already complete. */
  upload_complete: "BAD_REQUEST",
} as const satisfies ReasonTable;

import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/** The video types an upload may declare (and its bytes must then be). */
export const VIDEO_CONTENT_TYPES = ["video/mp4", "video/webm", "video/quicktime"] as const;
export type VideoContentType = (typeof VIDEO_CONTENT_TYPES)[number];

/**
 * A resumable video upload (an R2 multipart upload) from its start until a reel or video
 * takes it, or it is aborted. The R2 object does not exist until `completed_at` is set.
 */
export const videoUploads = sqliteTable(
  "video_uploads",
  {
    /** The client's handle: random, so one user's upload ids say nothing about another's. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Where the finished object lands (`u/{userId}/video/…`). */
    objectKey: text("object_key").notNull(),
    /** R2's id of the multipart upload, needed to resume it. */
    r2UploadId: text("r2_upload_id").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type", { enum: VIDEO_CONTENT_TYPES }).notNull(),
    size: integer("size").notNull(),
    partSize: integer("part_size").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  // The sweep: uploads no reel or video took (rows go once one does), oldest first.
  (t) => [index("video_uploads_created_idx").on(t.createdAt), index("video_uploads_user_idx").on(t.userId)],
);

/** The parts that arrived, with R2's etag for each: what `complete` needs and what a resuming client reads. */
export const videoUploadParts = sqliteTable(
  "video_upload_parts",
  {
    uploadId: text("upload_id")
      .notNull()
      .references(() => videoUploads.id, { onDelete: "cascade" }),
    partNumber: integer("part_number").notNull(),
    etag: text("etag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })],
);

export type VideoUploadRow = typeof videoUploads.$inferSelect;

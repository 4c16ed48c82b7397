import { index, integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";

/**
 * Posts with open reports, one row each, kept by triggers on `post_reports` (migrations/0026):
 * the moderation queue reads a page of its index instead of grouping every open report.
 * No foreign key: the triggers remove a row when its post's last open report goes, cascades included.
 */
export const reportedPosts = sqliteTable(
  "reported_posts",
  {
    postId: integer("post_id").primaryKey(),
    openReports: integer("open_reports").notNull(),
    firstReportedAt: integer("first_reported_at", { mode: "timestamp_ms" }).notNull(),
    lastReportedAt: integer("last_reported_at", { mode: "timestamp_ms" }).notNull(),
    /** Open reports per reason (REPORT_REASONS), so a page of the queue reads no report. */
    reasonSpam: integer("reason_spam").notNull().default(0),
    reasonAbuse: integer("reason_abuse").notNull().default(0),
    reasonFalse: integer("reason_false").notNull().default(0),
    reasonHate: integer("reason_hate").notNull().default(0),
    reasonNsfw: integer("reason_nsfw").notNull().default(0),
    reasonOther: integer("reason_other").notNull().default(0),
  },
  // The queue's order: most reported, then most recently reported, then newest post.
  (t) => [
    index("reported_posts_queue_idx").on(
      sql`${t.openReports} DESC`,
      sql`${t.lastReportedAt} DESC`,
      sql`${t.postId} DESC`,
    ),
  ],
);

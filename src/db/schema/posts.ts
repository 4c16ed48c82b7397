import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/** seed 004 §13 Post Types. */
export const POST_TYPES = ["post", "reel", "video", "youtube_video", "youtube_reel"] as const;
export type PostType = (typeof POST_TYPES)[number];

/** What `GET /api/reels/` and `GET /api/videos/` list: uploaded and YouTube-linked alike. */
export const REEL_KINDS = {
  reels: ["reel", "youtube_reel"],
  videos: ["video", "youtube_video"],
} as const satisfies Record<string, readonly PostType[]>;
export type ReelKind = keyof typeof REEL_KINDS;

/** Every type of a kind ends in this (`reel`, `youtube_reel`): test/surfaces/twimbol/reels.test.ts checks both lists. */
const KIND_SUFFIX = { reels: "reel", videos: "video" } as const satisfies Record<ReelKind, string>;

/**
 * `post_type LIKE '%reel'` selects the kind, as the original search's `post_type__icontains`
 * did. It is a literal, and a term the type index cannot serve: SQLite then reads the kind's
 * partial index below (whose WHERE is this same term) newest first with no sort, where
 * `IN (…)` would take the type index and sort every reel for each page.
 */
export const reelKindFilter = (kind: ReelKind) => sql.raw(`post_type LIKE '%${KIND_SUFFIX[kind]}'`);

/**
 * The post's author may be seen by others (`authorVisible`), as a literal: the feeds' partial
 * indexes below hold only such posts, and SQLite uses a partial index only for a query that
 * repeats its WHERE term as written.
 */
export const listedPost = sql.raw("author_visible = 1");

/**
 * True of every post (a type is never empty), written only by the whole-site list: its
 * index's WHERE then matches no other query, so the reels and videos pages keep their own
 * indexes; and, unlike an IN over the types, no index can seek on it, so the site list
 * walks its index in order instead of gathering every type and sorting.
 */
export const anyPostType = sql.raw("post_type <> ''");

/** seed 004 §6 report reasons. */
export const REPORT_REASONS = ["spam", "abuse", "false", "hate", "nsfw", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
const userRef = (name: string) =>
  integer(name)
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });
const postRef = (name: string) =>
  integer(name)
    .notNull()
    .references(() => posts.id, { onDelete: "cascade" });

/** Every kind of Twimbol post: text/image posts, reels and videos share this row. */
export const posts = sqliteTable(
  "posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postType: text("post_type", { enum: POST_TYPES }).notNull().default("post"),
    title: text("post_title").notNull(),
    description: text("post_description").notNull().default(""),
    /** R2 key of the banner; null shows the default banner. */
    bannerKey: text("banner_key"),
    createdBy: userRef("created_by"),
    createdAt: timestamp("created_at").notNull(),
    /** Kept by atomic increments beside each like and unlike. */
    likeCount: integer("like_count").notNull().default(0),
    /** Reels and videos: R2 key of the uploaded file; null for posts and YouTube items. */
    videoKey: text("video_key"),
    /** Reels and videos: R2 key of the thumbnail image, if one was uploaded. */
    thumbnailKey: text("thumbnail_key"),
    /** `youtube_reel` / `youtube_video`: the YouTube video id the item links to. */
    youtubeId: text("youtube_id"),
    /** Plays, kept by atomic increments (at most one per viewer per item per hour). */
    viewCount: integer("view_count").notNull().default(0),
    /** Comments on the post, kept by triggers on comments (migrations/0021), for pages' counts. */
    commentCount: integer("comment_count").notNull().default(0),
    /**
     * The texts of its newest ten comments, newest first, as a feed item shows them: kept by the
     * same triggers, so a feed page reads its posts and nothing per comment.
     */
    recentComments: text("recent_comments", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /**
     * 1 while the author's account is visible to others (active, not Twimbol-deactivated, not
     * banned): kept by the trigger on those user columns (migrations/0021), so a feed walks an
     * index of listed posts only and a banned spammer's posts cost nothing to skip.
     */
    authorVisible: integer("author_visible").notNull().default(1),
    /**
     * Set when the post is deleted (a tombstone): in that statement it leaves every list and
     * counter (migrations/0026), then the cron removes its likes, hides, reports and comments
     * in bounded chunks and the row last (src/domain/maintenance/purge-deleted.ts).
     */
    deletedAt: timestamp("deleted_at"),
  },
  (t) => [
    // The feed: one type, newest first.
    index("posts_type_created_idx").on(t.postType, sql`${t.createdAt} DESC`, sql`${t.id} DESC`),
    // An author's own items newest first (the creator dashboard) and the latest one (users.latest_media_at).
    index("posts_created_by_idx").on(t.createdBy, sql`${t.createdAt} DESC`, sql`${t.id} DESC`),
    // The posts feed: one type of listed posts, newest first.
    index("posts_feed_idx")
      .on(t.postType, sql`${t.createdAt} DESC`, sql`${t.id} DESC`)
      .where(listedPost),
    // The reels and videos pages each list two types newest first; an IN over the feed index
    // above would sort every reel for each page, a partial index hands them over in order.
    index("posts_reels_created_idx")
      .on(sql`${t.createdAt} DESC`, sql`${t.id} DESC`)
      .where(sql`${reelKindFilter("reels")} AND ${listedPost}`),
    index("posts_videos_created_idx")
      .on(sql`${t.createdAt} DESC`, sql`${t.id} DESC`)
      .where(sql`${reelKindFilter("videos")} AND ${listedPost}`),
    // MediaCMS's whole-site media list: every type of listed post, newest first.
    index("posts_listed_created_idx")
      .on(sql`${t.createdAt} DESC`, sql`${t.id} DESC`)
      .where(sql`${anyPostType} AND ${listedPost}`),
    // The admin's content list: every post of every author, newest first.
    index("posts_created_idx").on(sql`${t.createdAt} DESC`, sql`${t.id} DESC`),
    // A play is counted by the key /media/ serves; one file belongs to one post.
    uniqueIndex("posts_video_key_uq").on(t.videoKey),
    // The cron's queue of deleted posts still being purged, oldest first.
    index("posts_deleted_idx")
      .on(t.deletedAt)
      .where(sql`${t.deletedAt} IS NOT NULL`),
  ],
);

/** One mark of a user on a post (a like, a hide): unique per pair, found by post for deletes and lists. */
const mark = (name: string) =>
  sqliteTable(
    name,
    {
      id: integer("id").primaryKey({ autoIncrement: true }),
      userId: userRef("user_id"),
      postId: postRef("post_id"),
      createdAt: timestamp("created_at").notNull(),
    },
    (t) => [
      uniqueIndex(`${name}_user_post_uq`).on(t.userId, t.postId),
      index(`${name}_post_idx`).on(t.postId),
    ],
  );

export const postLikes = mark("post_likes");
export const postHides = mark("post_hides");

export const postReports = sqliteTable(
  "post_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: userRef("user_id"),
    postId: postRef("post_id"),
    reason: text("reason", { enum: REPORT_REASONS }).notNull().default("other"),
    description: text("description").notNull().default(""),
    createdAt: timestamp("created_at").notNull(),
    /** Set when an admin dismisses the report; open reports have null. */
    dismissedAt: timestamp("dismissed_at"),
  },
  (t) => [
    uniqueIndex("post_reports_user_post_uq").on(t.userId, t.postId),
    index("post_reports_post_idx").on(t.postId),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: postRef("post_id"),
    userId: userRef("user_id"),
    comment: text("comment").notNull(),
    createdAt: timestamp("created_at").notNull(),
    /** The writer may be seen by others; kept by the visibility trigger (migrations/0021), as on posts. */
    authorVisible: integer("author_visible").notNull().default(1),
  },
  // A post's comments newest first (the list and the first ten of each feed item).
  (t) => [
    index("comments_post_idx").on(t.postId, sql`${t.id} DESC`),
    index("comments_user_idx").on(t.userId),
  ],
);

export type PostRow = typeof posts.$inferSelect;

/** Posts of each type per author, kept by triggers on posts (migrations/0021). */
export const authorPostCounts = sqliteTable(
  "author_post_counts",
  {
    authorId: integer("author_id").notNull(),
    postType: text("post_type", { enum: POST_TYPES }).notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.authorId, t.postType] })],
);

/**
 * The lengths of the lists everyone sees alike, kept by triggers in the statement that changes
 * them (migrations/0021): `posts:<type>` listed posts of a type, `users:visible` visible accounts.
 */
export const listCounts = sqliteTable("list_counts", {
  name: text("name").primaryKey(),
  n: integer("n").notNull().default(0),
});

import { and, asc, count, desc, eq, getTableColumns, isNull, sql } from "drizzle-orm";
import {
  POST_TYPES,
  postReports,
  posts,
  REPORT_REASONS,
  reportedPosts,
  users,
  type PostRow,
  type PostType,
  type ReportReason,
} from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { ADMIN_FILTER_WINDOW, keptCount } from "../lists/kept-counts";
import { readPage, type PageOutcome } from "../lists/page";
import { requireAdmin } from "../policy/ownership";
import { postDeletion, standingPost } from "../posts/delete-post";
import { auditStatement, type AdminOrigin } from "./audit";

export const REPORTS_PAGE_SIZE = 25;
export const CONTENT_PAGE_SIZE = 50;

export interface ReportedPost {
  post: PostRow;
  author: string;
  reports: number;
  reasons: Record<ReportReason, number>;
  firstReportedAt: Date;
  lastReportedAt: Date;
}

const open = isNull(postReports.dismissedAt);

/** The kept count of open reports per reason (reported_posts' reason_<reason> columns). */
const REASON_COLUMNS = {
  spam: reportedPosts.reasonSpam,
  abuse: reportedPosts.reasonAbuse,
  false: reportedPosts.reasonFalse,
  hate: reportedPosts.reasonHate,
  nsfw: reportedPosts.reasonNsfw,
  other: reportedPosts.reasonOther,
} as const satisfies Record<ReportReason, unknown>;

/**
 * Posts with open reports, most reported first, each with its count per reason: one batch of
 * two fixed statements. The queue is the kept `reported_posts` (triggers on post_reports), read
 * a page at a time in its index's order, with its counts per reason: no report is read.
 */
export async function listOpenReports(
  ctx: Ctx,
  { page }: { page: number },
): Promise<PageOutcome<ReportedPost>> {
  requireAdmin(ctx);
  const { db } = ctx.deps;
  const outcome = await readPage(
    db,
    { page, pageSize: REPORTS_PAGE_SIZE },
    {
      count: keptCount(db, ["reports:open_posts"]),
      rows: ({ limit, offset }) =>
        db
          .select({
            post: getTableColumns(posts),
            author: users.username,
            reports: reportedPosts.openReports,
            first: reportedPosts.firstReportedAt,
            last: reportedPosts.lastReportedAt,
            ...REASON_COLUMNS,
          })
          .from(reportedPosts)
          .innerJoin(posts, eq(posts.id, reportedPosts.postId))
          .innerJoin(users, eq(users.id, posts.createdBy))
          // A deleted post's reports wait for the cron's purge, which takes its queue row with them.
          .where(isNull(posts.deletedAt))
          .orderBy(
            desc(reportedPosts.openReports),
            desc(reportedPosts.lastReportedAt),
            desc(reportedPosts.postId),
          )
          .limit(limit)
          .offset(offset),
    },
  );
  if (outcome.kind !== "page") return outcome;
  const rows = outcome.page.rows.map((r) => ({
    post: r.post,
    author: r.author,
    reports: Number(r.reports),
    reasons: Object.fromEntries(REPORT_REASONS.map((reason) => [reason, Number(r[reason] ?? 0)])) as Record<
      ReportReason,
      number
    >,
    firstReportedAt: r.first,
    lastReportedAt: r.last,
  }));
  return { kind: "page", page: { ...outcome.page, rows } };
}

/**
 * Dismisses every open report on the post; the reports stay, marked. One batch, the audit row
 * first and only while reports are open, so of two admins racing only one dismisses and is
 * logged; the other (or a post with none open) hears NOT_FOUND.
 */
export async function adminDismissReports(
  ctx: Ctx,
  { postId, origin }: { postId: number; origin?: AdminOrigin },
): Promise<{ dismissed: number }> {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  const { db } = deps;
  if (!Number.isSafeInteger(postId)) throw new DomainError("NOT_FOUND", "post");
  const openOnPost = and(eq(postReports.postId, postId), open)!;
  const [, dismissed] = await db.batch([
    auditStatement(deps, admin, origin, {
      action: "report.dismiss",
      objectType: "post",
      objectId: postId,
      onlyIf: {
        from: postReports,
        where: sql`${postReports.id} = (SELECT min(id) FROM ${postReports} WHERE ${openOnPost})`,
      },
    }),
    db
      .update(postReports)
      .set({ dismissedAt: deps.clock.now() })
      .where(openOnPost)
      .returning({ id: postReports.id }),
  ]);
  if (!dismissed.length) throw new DomainError("NOT_FOUND", "post");
  return { dismissed: dismissed.length };
}

/** An admin removes a post (with its likes, hides, reports and comments), the author's delete verb's statements plus the audit row. */
export async function adminRemovePost(
  ctx: Ctx,
  { postId, origin }: { postId: number; origin?: AdminOrigin },
) {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  const post = Number.isSafeInteger(postId)
    ? await deps.db.select().from(posts).where(standingPost(postId)).get()
    : undefined;
  if (!post) throw new DomainError("NOT_FOUND", "post");
  const deletion = postDeletion(deps, post);
  // The audit row first, while the post still stands: of two admins racing, only one logs a removal.
  const [logged] = await deps.db.batch([
    auditStatement(deps, admin, origin, {
      action: "post.remove",
      objectType: "post",
      objectId: postId,
      detail: { title: post.title.slice(0, 200), type: post.postType, author: post.createdBy },
      onlyIf: { from: posts, where: standingPost(postId) },
    }),
    ...deletion.statements,
  ]);
  if (!logged.length) throw new DomainError("NOT_FOUND", "post");
  deletion.afterCommit();
}

export const CONTENT_KINDS = {
  post: ["post"],
  reel: ["reel", "youtube_reel"],
  video: ["video", "youtube_video"],
} as const satisfies Record<string, PostType[]>;
export type ContentKind = keyof typeof CONTENT_KINDS;

export interface ContentItem {
  post: PostRow;
  author: string;
  openReports: number;
}

/** The orders the content list offers unsearched, whole or of one type: its index (posts_created_idx, or the type's) walked either way. */
export const CONTENT_SORTS = ["-posted", "posted"] as const;
export type ContentSort = (typeof CONTENT_SORTS)[number];

/**
 * Posts, reels and videos newest first, searched by title or author: the count and the page in
 * one batch. Unsearched, the count is kept (list_counts `content:<type>`) and the page walks
 * posts_created_idx; a search looks among the newest ADMIN_FILTER_WINDOW posts of the kind and counts those.
 */
export async function listContent(
  ctx: Ctx,
  { q, kind, sort, page }: { q?: string; kind?: ContentKind; sort?: ContentSort; page: number },
): Promise<PageOutcome<ContentItem>> {
  requireAdmin(ctx);
  const { db } = ctx.deps;
  const needle = q?.trim().toLowerCase();
  const types: readonly PostType[] = kind ? CONTENT_KINDS[kind] : POST_TYPES;
  // One type walks posts_type_created_idx; two walk posts_created_idx and skip the others. The
  // unary + keeps SQLite from reading both types' entries of the type index and sorting them all.
  const ofKind = !kind
    ? undefined
    : types.length === 1
      ? eq(posts.postType, types[0]!)
      : sql`+${posts.postType} IN ${types}`;
  const newest = [desc(posts.createdAt), desc(posts.id)];
  const condition = and(
    isNull(posts.deletedAt),
    needle
      ? and(
          sql`${posts.id} IN (SELECT ${posts.id} FROM ${posts} WHERE ${ofKind ?? sql`1`} ORDER BY ${sql.join(newest, sql`, `)} LIMIT ${ADMIN_FILTER_WINDOW})`,
          sql`(instr(lower(${posts.title}), ${needle}) > 0 OR instr(${users.usernameKey}, ${needle}) > 0)`,
        )
      : ofKind,
  );
  // The kept queue row, if any: no report is read.
  const openReports = sql<number>`coalesce(${reportedPosts.openReports}, 0)`.mapWith(Number);
  return readPage(
    db,
    { page, pageSize: CONTENT_PAGE_SIZE },
    {
      count: needle
        ? db
            .select({ count: count() })
            .from(posts)
            .innerJoin(users, eq(users.id, posts.createdBy))
            .where(condition)
        : keptCount(
            db,
            types.map((t) => `content:${t}`),
          ),
      rows: ({ limit, offset }) =>
        db
          .select({ post: getTableColumns(posts), author: users.username, openReports })
          .from(posts)
          .innerJoin(users, eq(users.id, posts.createdBy))
          .leftJoin(reportedPosts, eq(reportedPosts.postId, posts.id))
          .where(condition)
          // A search's window is the newest posts: walking from the oldest would read every older one first.
          .orderBy(
            ...(sort === "posted" && !needle && (!kind || types.length === 1)
              ? [asc(posts.createdAt), asc(posts.id)]
              : newest),
          )
          .limit(limit)
          .offset(offset),
    },
  );
}

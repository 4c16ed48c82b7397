import { and, asc, count, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import { blocks, comments, follows, postHides, postLikes, postReports, posts, userGroups, users, type PostRow, type PostType, type UserRow } from "../../db/schema";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { mapPage, pageOrThrow, readPage, type Page, type PageRequest } from "../lists/page";
import { containsText } from "../lists/search";
import { loadViewerFlags, type Flags, type ViewerFlag } from "../lists/viewer-flags";

/** What the viewer has done to each post of a page, keyed by post id. */
export const POST_FLAGS = {
  liked: { table: postLikes, viewer: postLikes.userId, target: postLikes.postId },
  hidden: { table: postHides, viewer: postHides.userId, target: postHides.postId },
  reported: { table: postReports, viewer: postReports.userId, target: postReports.postId },
} satisfies Record<string, ViewerFlag>;

/** A feed item carries the newest this many comments. */
export const POST_ITEM_COMMENTS = 10;

export interface PostAuthor {
  user: UserRow;
  groups: string[];
  /** The viewer follows / blocks the author (false for anonymous viewers). */
  followed: boolean;
  blocked: boolean;
}

export interface PostItem extends PostBase {
  /** Newest first, at most POST_ITEM_COMMENTS. */
  comments: string[];
}

export type PostOrderField = "post_type" | "created_at";
export interface PostOrder {
  field: PostOrderField;
  descending: boolean;
}

export interface PostListQuery {
  page: PageRequest;
  /** Every term must be in the title or the description (case-insensitive), as DRF's SearchFilter; at most SEARCH_TERMS_MAX. */
  searchTerms?: string[];
  /** Empty: newest first. */
  ordering?: PostOrder[];
}

export const viewerIdOf = (ctx: Ctx) => (ctx.actor.kind === "user" ? ctx.actor.viewer.user.id : null);

/** A block either way between `viewerId` and the author of the post row in scope. */
const blockedEitherWay = (viewerId: number) =>
  sql`EXISTS (SELECT 1 FROM ${blocks} WHERE (${blocks.blockerId} = ${viewerId} AND ${blocks.blockedId} = ${posts.createdBy}) OR (${blocks.blockerId} = ${posts.createdBy} AND ${blocks.blockedId} = ${viewerId}))`;

/** What a viewer's feed leaves out: posts they hid or reported, and posts across a block. */
export function feedExclusions(viewerId: number | null): SQL | undefined {
  if (viewerId === null) return undefined;
  return sql`NOT EXISTS (SELECT 1 FROM ${postHides} WHERE ${postHides.userId} = ${viewerId} AND ${postHides.postId} = ${posts.id})
    AND NOT EXISTS (SELECT 1 FROM ${postReports} WHERE ${postReports.userId} = ${viewerId} AND ${postReports.postId} = ${posts.id})
    AND NOT ${blockedEitherWay(viewerId)}`;
}

/** `%`, `_` and the escape itself are literal in a search term, as Django's icontains makes them. */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function searchFilter(terms: readonly string[] | undefined): SQL | undefined {
  if (!terms?.length) return undefined;
  return and(...terms.map((term) => sql`(${containsText(posts.title, term)} OR ${containsText(posts.description, term)})`));
}

const ORDER_COLUMNS = { post_type: posts.postType, created_at: posts.createdAt } as const;

function orderOf(ordering: readonly PostOrder[] | undefined): SQL[] {
  const chosen = ordering?.length ? ordering : [{ field: "created_at", descending: true } as const];
  // The id breaks ties so a page boundary never shows a row twice or skips one.
  return [...chosen.map((o) => (o.descending ? desc(ORDER_COLUMNS[o.field]) : asc(ORDER_COLUMNS[o.field]))), desc(posts.id)];
}

/**
 * One type's feed for the viewer: one batch for the count and the page, then the
 * viewer's flags, the authors and the first comments of the whole page, one statement each.
 */
export async function listPosts(ctx: Ctx, postType: PostType, query: PostListQuery): Promise<Page<PostItem>> {
  const viewerId = viewerIdOf(ctx);
  const page = await readFeedPage(ctx, { filter: and(eq(posts.postType, postType), searchFilter(query.searchTerms)), order: orderOf(query.ordering), page: query.page });
  const items = await itemsOf(ctx.deps, viewerId, page.rows);
  return mapPage(page, (_, i) => items[i]!);
}

export interface FeedPageQuery {
  /** Which posts the feed holds, before the viewer's exclusions. */
  filter: SQL | undefined;
  /** Ends with a unique column, so a page boundary never shows a row twice or skips one. */
  order: SQL[];
  page: PageRequest;
}

/** A feed's page of rows for the viewer, their exclusions applied: the count and the page in one batch. */
export async function readFeedPage(ctx: Ctx, query: FeedPageQuery): Promise<Page<PostRow>> {
  const { db } = ctx.deps;
  const where = and(query.filter, feedExclusions(viewerIdOf(ctx)));
  return pageOrThrow(
    await readPage(db, query.page, {
      count: db.select({ count: count() }).from(posts).where(where),
      rows: ({ limit, offset }) =>
        db
          .select()
          .from(posts)
          .where(where)
          .orderBy(...query.order)
          .limit(limit)
          .offset(offset),
    }),
  );
}

/** One post for the viewer; absent, or across a block, is the same NOT_FOUND. */
export async function getPost(ctx: Ctx, postId: number): Promise<PostItem> {
  const post = await visiblePostRow(ctx, postId);
  const [item] = await itemsOf(ctx.deps, viewerIdOf(ctx), [post]);
  return item!;
}

/** The post row, if the viewer may see it at all (a block either way hides it). */
export async function visiblePostRow(ctx: Ctx, postId: number): Promise<PostRow> {
  const [post] = await visiblePostQuery(ctx, postId);
  if (!post) throw new DomainError("NOT_FOUND", "post");
  return post;
}

/** The select behind visiblePostRow, to batch with the reads that need the post to exist. */
export function visiblePostQuery(ctx: Ctx, postId: number) {
  const viewerId = viewerIdOf(ctx);
  if (!Number.isSafeInteger(postId) || postId < 1) throw new DomainError("NOT_FOUND", "post");
  return ctx.deps.db
    .select()
    .from(posts)
    .where(and(eq(posts.id, postId), viewerId === null ? undefined : sql`NOT ${blockedEitherWay(viewerId)}`))
    .limit(1);
}

/**
 * "The post exists and no block separates it from the viewer", as a condition a write
 * repeats inside its own statement, so a block or a delete that lands after the first
 * read still stops it.
 */
export const postVisibleTo = (viewerId: number, postId: number) =>
  sql`EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.id} = ${postId} AND NOT ${blockedEitherWay(viewerId)})`;

/** Flags, authors and first comments for rows already read: three statements whatever their number. */
export async function itemsOf(deps: Deps, viewerId: number | null, rows: PostRow[]): Promise<PostItem[]> {
  return withFlagsAndAuthors(deps, viewerId, rows, (postIds) => loadFirstComments(deps, postIds), (base, firstComments) => ({
    ...base,
    comments: firstComments.get(base.post.id) ?? [],
  }));
}

export interface PostBase {
  post: PostRow;
  author: PostAuthor;
  flags: Flags<keyof typeof POST_FLAGS>;
}

/**
 * What every kind of feed item carries (the viewer's flags, the author) for rows already
 * read, plus one more read of the feed's own for the whole page (`extra`): flags, authors
 * and `extra` are one statement each, whatever the number of rows.
 */
export async function withFlagsAndAuthors<X, T>(
  deps: Deps,
  viewerId: number | null,
  rows: PostRow[],
  extra: (postIds: number[]) => Promise<X>,
  build: (base: PostBase, extra: X) => T,
): Promise<T[]> {
  if (rows.length === 0) return [];
  const postIds = rows.map((p) => p.id);
  const authorIds = [...new Set(rows.map((p) => p.createdBy))];
  const [flags, authors, more] = await Promise.all([loadViewerFlags(deps.db, viewerId, postIds, POST_FLAGS), loadAuthors(deps, viewerId, authorIds), extra(postIds)]);
  return rows.map((post) => build({ post, author: authors.get(post.createdBy)!, flags: flags.get(post.id)! }, more));
}

/** The authors with their groups and what the viewer is to each, in one statement. */
async function loadAuthors(deps: Deps, viewerId: number | null, ids: number[]): Promise<Map<number, PostAuthor>> {
  const viewer = viewerId ?? 0;
  const rows = await deps.db
    .select({
      user: getTableColumns(users),
      groups: sql<string | null>`(SELECT group_concat(${userGroups.name}) FROM ${userGroups} WHERE ${userGroups.userId} = ${users.id})`,
      followed: sql<number>`EXISTS (SELECT 1 FROM ${follows} WHERE ${follows.followerId} = ${viewer} AND ${follows.followeeId} = ${users.id})`,
      blocked: sql<number>`EXISTS (SELECT 1 FROM ${blocks} WHERE ${blocks.blockerId} = ${viewer} AND ${blocks.blockedId} = ${users.id})`,
    })
    .from(users)
    .where(inArray(users.id, sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`));
  return new Map(
    rows.map((r) => [r.user.id, { user: r.user, groups: r.groups ? r.groups.split(",") : [], followed: Number(r.followed) === 1, blocked: Number(r.blocked) === 1 }]),
  );
}

/** The newest POST_ITEM_COMMENTS comments of each post, in one statement (a window per post). */
async function loadFirstComments(deps: Deps, postIds: number[]): Promise<Map<number, string[]>> {
  const rows = await deps.db.all<{ post_id: number; comment: string }>(sql`
    SELECT post_id, comment FROM (
      SELECT ${comments.postId} AS post_id, ${comments.comment} AS comment, ${comments.id} AS id,
        ROW_NUMBER() OVER (PARTITION BY ${comments.postId} ORDER BY ${comments.id} DESC) AS rn
      FROM ${comments} WHERE ${comments.postId} IN (SELECT value FROM json_each(${JSON.stringify(postIds)}))
    ) WHERE rn <= ${POST_ITEM_COMMENTS} ORDER BY post_id, id DESC`);
  const out = new Map<number, string[]>();
  for (const r of rows) {
    const list = out.get(Number(r.post_id));
    if (list) list.push(r.comment);
    else out.set(Number(r.post_id), [r.comment]);
  }
  return out;
}

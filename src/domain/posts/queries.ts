import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  authorPostCounts,
  blocks,
  follows,
  listCounts,
  listedPost,
  postHides,
  postLikes,
  postReports,
  posts,
  userGroups,
  users,
  type PostRow,
  type PostType,
} from "../../db/schema";
import { visibleAccount } from "../users/visible-account";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { mapPage, pageOrThrow, readPage, type Page, type PageRequest } from "../lists/page";
import { authorVisible } from "./author-visible";
import { PUBLIC_USER_COLUMNS, type PublicUserRow } from "../users/public-projection";
import { idValues, loadViewerFlags, type Flags, type ViewerFlag } from "../lists/viewer-flags";
import { containsText } from "../lists/search";

/** What the viewer has done to each post of a page, keyed by post id. */
export const POST_FLAGS = {
  liked: { table: postLikes, viewer: postLikes.userId, target: postLikes.postId },
  hidden: { table: postHides, viewer: postHides.userId, target: postHides.postId },
  reported: { table: postReports, viewer: postReports.userId, target: postReports.postId },
} satisfies Record<string, ViewerFlag>;

/** A feed item carries the newest this many comments (kept on the post: `recent_comments`, migrations/0021). */
export const POST_ITEM_COMMENTS = 10;

export interface PostAuthor {
  /** The public projection only: an author is another user to nearly every viewer. */
  user: PublicUserRow;
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

/**
 * What a viewer's feed leaves out: posts of an author no one may see (for every viewer,
 * anonymous included), and the viewer's own exclusions (posts they hid or reported, and
 * posts across a block).
 */
export function feedExclusions(viewerId: number | null): SQL {
  if (viewerId === null) return authorVisible();
  return sql`${authorVisible()} AND NOT EXISTS (SELECT 1 FROM ${postHides} WHERE ${postHides.userId} = ${viewerId} AND ${postHides.postId} = ${posts.id})
    AND NOT EXISTS (SELECT 1 FROM ${postReports} WHERE ${postReports.userId} = ${viewerId} AND ${postReports.postId} = ${posts.id})
    AND NOT ${blockedEitherWay(viewerId)}`;
}

/** `%`, `_` and the escape itself are literal in a search term, as Django's icontains makes them. */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function searchFilter(terms: readonly string[] | undefined): SQL | undefined {
  if (!terms?.length) return undefined;
  return and(
    ...terms.map(
      (term) => sql`(${containsText(posts.title, term)} OR ${containsText(posts.description, term)})`,
    ),
  );
}

const ORDER_COLUMNS = { post_type: posts.postType, created_at: posts.createdAt } as const;

/** Newest first; the id breaks ties so a page boundary never shows a row twice or skips one. */
const NEWEST_FIRST = [desc(posts.createdAt), desc(posts.id)];

/**
 * The asked order, over the feed's index. A field the feed holds one value of (`post_type`
 * in a one-type feed) orders nothing, so it is dropped rather than sorted by: the rest is
 * then the index's own order (both directions of `created_at`), never a sort of the feed.
 */
function orderOf(ordering: readonly PostOrder[] | undefined, postTypes: readonly PostType[]): SQL[] {
  const useful = (ordering ?? []).filter((o) => !(o.field === "post_type" && postTypes.length === 1));
  const first = useful[0];
  if (!first) return NEWEST_FIRST;
  if (first.field === "created_at")
    return first.descending ? NEWEST_FIRST : [asc(posts.createdAt), asc(posts.id)];
  return [
    ...useful.map((o) => (o.descending ? desc(ORDER_COLUMNS[o.field]) : asc(ORDER_COLUMNS[o.field]))),
    ...NEWEST_FIRST,
  ];
}

/**
 * One type's feed for the viewer: one batch for the count and the page, then the
 * viewer's flags, the authors and the first comments of the whole page, one statement each.
 */
export async function listPosts(ctx: Ctx, postType: PostType, query: PostListQuery): Promise<Page<PostItem>> {
  const viewerId = viewerIdOf(ctx);
  const page = await readFeedPage(ctx, {
    types: [postType],
    filter: eq(posts.postType, postType),
    searchTerms: query.searchTerms,
    order: orderOf(query.ordering, [postType]),
    page: query.page,
  });
  const items = await itemsOf(ctx.deps, viewerId, page.rows);
  return mapPage(page, (_, i) => items[i]!);
}

/**
 * A `?search=` of a feed looks among its newest this many posts only: a LIKE has no index
 * to use, so an uncapped search reads the whole feed (README "Paging").
 */
export const FEED_SEARCH_WINDOW = 2000;

export interface FeedPageQuery {
  /** The post types the feed holds: its length is the kept count of each (list_counts). */
  types: readonly PostType[];
  /** Which posts of those types the feed holds, before the viewer's exclusions; served by a feed index. */
  filter: SQL;
  /** Every term in the title or the description, among the newest FEED_SEARCH_WINDOW posts. */
  searchTerms?: string[];
  /** Ends with a unique column, so a page boundary never shows a row twice or skips one. */
  order: SQL[];
  page: PageRequest;
}

/**
 * A feed's page of rows for the viewer, their exclusions applied: the count and the page in
 * one batch. Only posts whose author is visible are listed (`author_visible`, kept by triggers).
 * The count is the kept total minus the viewer's own exclusions, so neither statement reads
 * more than the page, the exclusions the viewer made, and the rows the OFFSET skips.
 */
export async function readFeedPage(ctx: Ctx, query: FeedPageQuery): Promise<Page<PostRow>> {
  const { db } = ctx.deps;
  const viewerId = viewerIdOf(ctx);
  const listed = and(query.filter, listedPost)!;
  const searched = query.searchTerms?.length
    ? and(searchWindow(listed), searchFilter(query.searchTerms))
    : undefined;
  const where = and(listed, searched, feedExclusions(viewerId));
  return pageOrThrow(
    await readPage(db, query.page, {
      count: searched
        ? db.select({ count: count() }).from(posts).where(where)
        : feedCountQuery(db, query.types, viewerId),
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

const searchWindow = (listed: SQL) =>
  sql`${posts.id} IN (SELECT ${posts.id} FROM ${posts} WHERE ${listed} ORDER BY ${posts.createdAt} DESC, ${posts.id} DESC LIMIT ${FEED_SEARCH_WINDOW})`;

/** The ids of the users blocked by, or blocking, `viewerId`: a small indexed set (both keys of blocks). */
const blockedIdsOf = (viewerId: number) =>
  sql`SELECT ${blocks.blockedId} FROM ${blocks} WHERE ${blocks.blockerId} = ${viewerId} UNION ALL SELECT ${blocks.blockerId} FROM ${blocks} WHERE ${blocks.blockedId} = ${viewerId}`;

/**
 * The feed's length for the viewer in one statement: the kept count of its types, less the
 * listed posts of authors across a block (from the per-author counts), less the viewer's
 * hidden and reported posts that are not already left out by a block.
 */
function feedCountQuery(db: Db, types: readonly PostType[], viewerId: number | null) {
  const typeList = sql`(${sql.join(
    types.map((t) => sql`${t}`),
    sql`, `,
  )})`;
  const names = sql`(${sql.join(
    types.map((t) => sql`${`posts:${t}`}`),
    sql`, `,
  )})`;
  const total = sql`coalesce((SELECT sum(${listCounts.n}) FROM ${listCounts} WHERE ${listCounts.name} IN ${names}), 0)`;
  if (viewerId === null)
    return db.select({ count: sql<number>`${total}`.mapWith(Number) }).from(sql`(SELECT 1)`);
  // EXISTS rather than a join, so the blocked set drives the read and users is only probed.
  const acrossBlocks = sql`coalesce((SELECT sum(${authorPostCounts.n}) FROM ${authorPostCounts}
    WHERE ${authorPostCounts.authorId} IN (${blockedIdsOf(viewerId)}) AND ${authorPostCounts.postType} IN ${typeList}
    AND EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${authorPostCounts.authorId} AND ${visibleAccount()})), 0)`;
  // CROSS JOIN keeps the viewer's marks outside: SQLite would otherwise walk the feed's index by type.
  const marked = sql`(SELECT count(*) FROM (
      SELECT ${postHides.postId} AS post_id FROM ${postHides} WHERE ${postHides.userId} = ${viewerId}
      UNION SELECT ${postReports.postId} FROM ${postReports} WHERE ${postReports.userId} = ${viewerId}) AS marks
    CROSS JOIN ${posts} ON ${posts.id} = marks.post_id
    WHERE ${posts.postType} IN ${typeList} AND ${listedPost} AND ${posts.createdBy} NOT IN (${blockedIdsOf(viewerId)}))`;
  return db
    .select({ count: sql<number>`${total} - ${acrossBlocks} - ${marked}`.mapWith(Number) })
    .from(sql`(SELECT 1)`);
}

/** One post for the viewer; absent, by an author no one may see, or across a block, is the same NOT_FOUND. */
export async function getPost(ctx: Ctx, postId: number): Promise<PostItem> {
  const post = await visiblePostRow(ctx, postId);
  const [item] = await itemsOf(ctx.deps, viewerIdOf(ctx), [post]);
  return item!;
}

/** The post row, if the viewer may see it at all (a hidden author or a block either way hides it). */
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
    .where(
      and(
        eq(posts.id, postId),
        authorVisible(),
        viewerId === null ? undefined : sql`NOT ${blockedEitherWay(viewerId)}`,
      ),
    )
    .limit(1);
}

/**
 * "The post exists, its author is visible and no block separates it from the viewer", as a condition a write
 * repeats inside its own statement, so a block or a delete that lands after the first
 * read still stops it.
 */
export const postVisibleTo = (viewerId: number, postId: number) =>
  sql`EXISTS (SELECT 1 FROM ${posts} WHERE ${posts.id} = ${postId} AND ${authorVisible()} AND NOT ${blockedEitherWay(viewerId)})`;

/** Flags and authors for rows already read: two statements whatever their number; the first comments are kept on each row. */
export async function itemsOf(deps: Deps, viewerId: number | null, rows: PostRow[]): Promise<PostItem[]> {
  return withFlagsAndAuthors(
    deps,
    viewerId,
    rows,
    () => Promise.resolve(null),
    (base) => ({ ...base, comments: base.post.recentComments }),
  );
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
  const [flags, authors, more] = await Promise.all([
    loadViewerFlags(deps.db, viewerId, postIds, POST_FLAGS),
    loadAuthors(deps, viewerId, authorIds),
    extra(postIds),
  ]);
  return rows.map((post) =>
    build({ post, author: authors.get(post.createdBy)!, flags: flags.get(post.id)! }, more),
  );
}

/** The authors with their groups and what the viewer is to each, in one statement. */
async function loadAuthors(
  deps: Deps,
  viewerId: number | null,
  ids: number[],
): Promise<Map<number, PostAuthor>> {
  const viewer = viewerId ?? 0;
  const rows = await deps.db
    .select({
      user: PUBLIC_USER_COLUMNS,
      groups: sql<
        string | null
      >`(SELECT group_concat(${userGroups.name}) FROM ${userGroups} WHERE ${userGroups.userId} = ${users.id})`,
      followed: sql<number>`EXISTS (SELECT 1 FROM ${follows} WHERE ${follows.followerId} = ${viewer} AND ${follows.followeeId} = ${users.id})`,
      blocked: sql<number>`EXISTS (SELECT 1 FROM ${blocks} WHERE ${blocks.blockerId} = ${viewer} AND ${blocks.blockedId} = ${users.id})`,
    })
    // The ids drive the read (CROSS JOIN keeps them outside): an IN list would first copy them to a temp table.
    .from(sql`(${idValues(ids)}) AS ids`)
    .crossJoin(users)
    .where(sql`${users.id} = ids.value`);
  return new Map(
    rows.map((r) => [
      r.user.id,
      {
        user: r.user,
        groups: r.groups ? r.groups.split(",") : [],
        followed: Number(r.followed) === 1,
        blocked: Number(r.blocked) === 1,
      },
    ]),
  );
}

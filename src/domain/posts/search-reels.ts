import { and, asc, desc, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { listedPost, posts, reelKindFilter, users } from "../../db/schema";
import type { Ctx } from "../context";
import { addFieldError, validationError, type FieldErrors } from "../errors";
import { containsPattern, feedExclusions, viewerIdOf } from "./queries";
import { reelItemsOf, type ReelItem } from "./reel-queries";

/** seed 004 §11: the most results one search answers. */
export const SEARCH_RESULTS_MAX = 50;

/**
 * A search ranks at most the newest this many matching reels (README "Paging"): ranking reads
 * every candidate, so an uncapped phrase found in every reel would read them all.
 */
export const SEARCH_CANDIDATES = 2000;

/** The FTS index holds trigrams: a shorter query has none to look up. */
const TRIGRAM = 3;

/**
 * seed 004 §11's table, as the original `Case(When…)` ran it, first condition that holds:
 * 1 the title contains the query, 2 the post type is exactly `reel`, 3 the creator's username
 * contains it, 4 the description does. Every result matched one of title, username or
 * description, so a `reel` that matched only by username or description ranks 2, and 3 and 4
 * are for `youtube_reel`s.
 */
export type SearchPriority = 1 | 2 | 3 | 4;

export interface ReelSearchHit extends ReelItem {
  priority: SearchPriority;
  /** 2 × likes + views. */
  trendingScore: number;
}

export interface ReelSearch {
  /** The query as asked. */
  query: string;
  hits: ReelSearchHit[];
}

/**
 * Reels whose title, description or creator's username contains the query (case-insensitive),
 * at most SEARCH_RESULTS_MAX, by priority, then trending score, then newest; a signed-in
 * viewer's hidden, reported and blocked-either-way reels left out. Candidates come from the
 * `posts_search` FTS5 trigram index (migrations/0011), the newest SEARCH_CANDIDATES of them;
 * a query of one or two characters has no trigram and is matched with LIKE over the newest
 * SEARCH_CANDIDATES reels. Reels of hidden authors are left out. One statement for the ranked page, then flags, authors and comment counts.
 */
export async function searchReels(ctx: Ctx, input: { query: string | undefined }): Promise<ReelSearch> {
  const query = input.query ?? "";
  if (query.trim() === "") {
    const fields: FieldErrors = {};
    addFieldError(fields, "query", "required", "This field is required.");
    throw validationError(fields);
  }
  const viewerId = viewerIdOf(ctx);
  const match = [...query].length >= TRIGRAM ? ftsMatch(query) : likeMatch(query);
  const rows = await ctx.deps.db
    .select({
      post: posts,
      priority: sql<number>`CASE WHEN ${match.title} THEN 1 WHEN ${posts.postType} = 'reel' THEN 2 WHEN ${match.username} THEN 3 ELSE 4 END`.as("priority"),
      trending: sql<number>`2 * ${posts.likeCount} + ${posts.viewCount}`.as("trending"),
    })
    .from(posts)
    .where(and(reelKindFilter("reels"), listedPost, match.any, feedExclusions(viewerId)))
    .orderBy(asc(sql`priority`), desc(sql`trending`), desc(posts.createdAt), desc(posts.id))
    .limit(SEARCH_RESULTS_MAX);
  const items = await reelItemsOf(ctx.deps, viewerId, rows.map((r) => r.post));
  return {
    query,
    hits: items.map((item, i) => ({ ...item, priority: Number(rows[i]!.priority) as SearchPriority, trendingScore: Number(rows[i]!.trending) })),
  };
}

/** The row in scope matches the query: anywhere, in the title, in the creator's username. */
interface Match {
  any: SQL;
  title: SQL;
  username: SQL;
}

/**
 * One FTS5 phrase, quoted so every character of the query is literal (`"` doubled): no
 * operator, column filter, `*`, `NEAR` or parenthesis of the user's reaches the MATCH syntax.
 * With the trigram tokenizer a phrase matches where it occurs as a substring.
 */
function ftsMatch(query: string): Match {
  const phrase = `"${query.replaceAll('"', '""')}"`;
  // The newest SEARCH_CANDIDATES hits, and the oldest of them bounds the two rank tests' own
  // lookups, so a phrase common to every reel costs what a rare one does.
  const candidates = sql`SELECT rowid FROM posts_search WHERE posts_search MATCH ${phrase} ORDER BY rowid DESC LIMIT ${SEARCH_CANDIDATES}`;
  const oldest = sql`(SELECT min(rowid) FROM (${candidates}))`;
  const hits = (expr: string) => sql`${posts.id} IN (SELECT rowid FROM posts_search WHERE posts_search MATCH ${expr} AND rowid >= ${oldest})`;
  return { any: sql`${posts.id} IN (${candidates})`, title: hits(`title : ${phrase}`), username: hits(`username : ${phrase}`) };
}

function likeMatch(query: string): Match {
  const pattern = containsPattern(query);
  const like = (column: SQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
  const username = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${posts.createdBy} AND ${like(users.username)})`;
  const title = like(posts.title);
  // No index serves a LIKE: it looks among the newest SEARCH_CANDIDATES listed reels only.
  const window = sql`${posts.id} IN (SELECT ${posts.id} FROM ${posts} WHERE ${reelKindFilter("reels")} AND ${listedPost} ORDER BY ${posts.createdAt} DESC, ${posts.id} DESC LIMIT ${SEARCH_CANDIDATES})`;
  return { any: sql`${window} AND (${title} OR ${like(posts.description)} OR ${username})`, title, username };
}

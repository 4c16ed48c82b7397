import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { listedPost, posts, reelKindFilter, users } from "../../db/schema";
import type { Ctx } from "../context";
import type { Db } from "../../db/client";
import { addFieldError, validationError, type FieldErrors } from "../errors";
import { feedExclusions, viewerIdOf } from "./queries";
import { reelItemsOf, type ReelItem } from "./reel-queries";

/** seed 004 §11: the most results one search answers. */
export const SEARCH_RESULTS_MAX = 50;

/**
 * A search ranks the newest this many matching reels (by id, which is creation order) and no
 * others (README "Paging"): each candidate costs about three rows read (its index hit, its
 * posts row, its place in the sort), so the window, not the data, sets a search's cost.
 */
export const SEARCH_CANDIDATES = 100;

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
 * `posts_search` FTS5 trigram index (migrations/0011), the newest SEARCH_CANDIDATES of them (the
 * index holds only reels that can be shown, migrations/0030: no tombstone or hidden author takes a slot);
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
  const db = ctx.deps.db;
  const match = [...query].length >= TRIGRAM ? ftsMatch(db, query) : likeMatch(db, query);
  const selection = {
    post: posts,
    priority:
      sql<number>`CASE WHEN ${match.title} THEN 1 WHEN ${posts.postType} = 'reel' THEN 2 WHEN ${match.username} THEN 3 ELSE 4 END`.as(
        "priority",
      ),
    trending: sql<number>`2 * ${posts.likeCount} + ${posts.viewCount}`.as("trending"),
  };
  const where = and(reelKindFilter("reels"), listedPost, match.any, feedExclusions(viewerId));
  const order = [asc(sql`priority`), desc(sql`trending`), desc(posts.createdAt), desc(posts.id)];
  // The window is read first and alone (a CROSS JOIN keeps SQLite from reordering it), so the
  // ranking and every per-viewer probe see at most SEARCH_CANDIDATES rows, however many match.
  const rows =
    match.source.kind === "index"
      ? await db
          .select(selection)
          .from(match.source.hits)
          .crossJoin(posts)
          .where(and(eq(posts.id, match.source.hits.hit), where))
          .orderBy(...order)
          .limit(SEARCH_RESULTS_MAX)
      : await db
          .select(selection)
          .from(match.source.newest)
          .where(where)
          .orderBy(...order)
          .limit(SEARCH_RESULTS_MAX);
  const items = await reelItemsOf(
    ctx.deps,
    viewerId,
    rows.map((r) => r.post),
  );
  return {
    query,
    hits: items.map((item, i) => ({
      ...item,
      priority: Number(rows[i]!.priority) as SearchPriority,
      trendingScore: Number(rows[i]!.trending),
    })),
  };
}

/** Where the candidates come from, and the tests each of them gets. */
interface Match {
  source:
    | { kind: "index"; hits: ReturnType<typeof ftsHits> }
    | { kind: "newest"; newest: ReturnType<typeof newestReels> };
  /** The candidate matches (the newest reels need not). */
  any: SQL | undefined;
  title: SQL;
  username: SQL;
}

/** Nothing outside ASCII: a LIKE and the trigram index then fold case alike. */
const ASCII = /^[\x00-\x7f]*$/;

/**
 * The newest SEARCH_CANDIDATES hits of one FTS5 phrase: `ORDER BY rowid DESC LIMIT` walks the
 * index newest first and stops there, whatever the phrase's number of hits.
 */
const ftsHits = (db: Db, phrase: string) =>
  db
    .select({ hit: sql<number>`rowid`.as("hit") })
    .from(sql`posts_search`)
    .where(sql`posts_search MATCH ${phrase}`)
    .orderBy(sql`rowid DESC`)
    .limit(SEARCH_CANDIDATES)
    .as("candidates");

/**
 * One FTS5 phrase, quoted so every character of the query is literal (`"` doubled): no
 * operator, column filter, `*`, `NEAR` or parenthesis of the user's reaches the MATCH syntax.
 * With the trigram tokenizer a phrase matches where it occurs as a substring.
 */
function ftsMatch(db: Db, query: string): Match {
  const phrase = `"${query.replaceAll('"', '""')}"`;
  const source = { kind: "index" as const, hits: ftsHits(db, phrase) };
  // The rank tests look at the candidate's own row: for an ASCII query a LIKE agrees with the
  // index; otherwise (Unicode case folding) the index is asked about this one rowid.
  if (ASCII.test(query)) {
    const like = likeTests(query);
    return { source, any: undefined, title: like.title, username: like.username };
  }
  const inColumn = (column: string) =>
    sql`EXISTS (SELECT 1 FROM posts_search WHERE posts_search MATCH ${`${column} : ${phrase}`} AND rowid = ${posts.id})`;
  return { source, any: undefined, title: inColumn("title"), username: inColumn("username") };
}

/**
 * `query` in the title, the description, the creator's username (one `users` row, read only when
 * asked). `instr` over `lower()` folds ASCII case as LIKE does, with no pattern: D1 refuses a LIKE
 * pattern over 50 bytes, and an escaped 100-character query makes one.
 */
function likeTests(query: string) {
  // SQLite's lower() folds A-Z only, so the needle is folded the same way.
  const needle = query.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  const like = (column: SQLiteColumn) => sql`instr(lower(${column}), ${needle}) > 0`;
  return {
    title: like(posts.title),
    description: like(posts.description),
    username: sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${posts.createdBy} AND ${like(users.username)})`,
  };
}

/**
 * The newest SEARCH_CANDIDATES listed reels, read in order from their partial index
 * (posts_reels_created_idx), under the name `posts`: every test and probe then reads these
 * rows, never the table.
 */
const newestReels = (db: Db) =>
  db
    .select()
    .from(posts)
    .where(and(reelKindFilter("reels"), listedPost))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(SEARCH_CANDIDATES)
    .as("posts");

/** A query of one or two characters has no trigram: LIKE over the newest reels. */
function likeMatch(db: Db, query: string): Match {
  const like = likeTests(query);
  return {
    source: { kind: "newest", newest: newestReels(db) },
    any: sql`(${like.title} OR ${like.description} OR ${like.username})`,
    title: like.title,
    username: like.username,
  };
}

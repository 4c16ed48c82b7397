import { asc, isNotNull } from "drizzle-orm";
import { posts, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { Budget, type ChunkLimits } from "./chunks";
import { purgeAccount } from "./purge-account";
import { purgePost } from "./purge-post";

/** Issue 20 §4: at most 40 statements of at most 500 rows a run; an hourly cron then removes about 20,000 rows an hour. */
export const PURGE_LIMITS: ChunkLimits = { chunk: 500, statements: 40 };

export interface PurgeReport {
  /** Deleted posts and accounts whose last row this run removed. */
  posts: number;
  accounts: number;
  /** Rows the chunks removed (or, for notifications, rewrote). */
  rows: number;
  /** Something is left for the next run. */
  more: boolean;
}

/**
 * The cron's half of every deletion: a deleted post or account left every API and counter in
 * one short statement (its tombstone, `deleted_at`); what hung on it goes here, a bounded chunk
 * per statement, oldest deletion first, until none is left. Posts first: an account's posts
 * are tombstoned by its purge and go before its row.
 */
export async function purgeDeleted(
  ctx: Ctx,
  { limits = PURGE_LIMITS }: { limits?: ChunkLimits } = {},
): Promise<PurgeReport> {
  if (ctx.actor.kind !== "system") throw new DomainError("FORBIDDEN", "not_admin");
  const { deps } = ctx;
  const { db } = deps;
  const budget = new Budget(limits);
  const report: PurgeReport = { posts: 0, accounts: 0, rows: 0, more: false };
  while (budget.left > 0) {
    const post = await db
      .select({ id: posts.id })
      .from(posts)
      .where(isNotNull(posts.deletedAt))
      .orderBy(asc(posts.deletedAt), asc(posts.id))
      .limit(1)
      .get();
    if (post) {
      if (!(await purgePost(deps, post.id, budget))) break;
      report.posts += 1;
      continue;
    }
    const account = await db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(isNotNull(users.deletedAt))
      .orderBy(asc(users.deletedAt), asc(users.id))
      .limit(1)
      .get();
    if (!account) break;
    const outcome = await purgeAccount(deps, account, budget);
    if (outcome === "out_of_statements") break;
    if (outcome === "gone") report.accounts += 1;
  }
  report.rows = budget.rows;
  report.more = budget.left <= 0;
  return report;
}

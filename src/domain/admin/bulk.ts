import { and, inArray, isNull } from "drizzle-orm";
import { posts, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireAdmin } from "../policy/ownership";

/** The most objects one bulk action names: its cost stays that of a hundred single actions. */
export const BULK_MAX = 100;

export type BulkOutcome = { id: number; done: true } | { id: number; done: false; refusal: DomainError };

/**
 * Runs one single-object verb per id, in order, each with its own rules, batch and audit row:
 * an id a rule refuses (their own account, the last admin, gone already) is reported with its
 * refusal and the others still happen. Other failures stop the run.
 */
export async function eachOf(
  ctx: Ctx,
  ids: readonly number[],
  verb: (id: number) => Promise<unknown>,
): Promise<BulkOutcome[]> {
  requireAdmin(ctx);
  if (ids.length > BULK_MAX) throw new Error(`eachOf: at most ${BULK_MAX} ids`);
  const outcomes: BulkOutcome[] = [];
  for (const id of ids) {
    try {
      await verb(id);
      outcomes.push({ id, done: true });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      outcomes.push({ id, done: false, refusal: err });
    }
  }
  return outcomes;
}

/** The standing accounts among `ids`, for a confirmation page to name them. */
export async function usersNamed(ctx: Ctx, ids: readonly number[]): Promise<Map<number, string>> {
  requireAdmin(ctx);
  if (!ids.length) return new Map();
  const rows = await ctx.deps.db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(and(inArray(users.id, [...ids]), isNull(users.deletedAt)));
  return new Map(rows.map((r) => [r.id, r.username]));
}

/** The standing posts among `ids`, with their titles and types. */
export async function postsNamed(
  ctx: Ctx,
  ids: readonly number[],
): Promise<Map<number, { title: string; postType: string }>> {
  requireAdmin(ctx);
  if (!ids.length) return new Map();
  const rows = await ctx.deps.db
    .select({ id: posts.id, title: posts.title, postType: posts.postType })
    .from(posts)
    .where(and(inArray(posts.id, [...ids]), isNull(posts.deletedAt)));
  return new Map(rows.map((r) => [r.id, { title: r.title, postType: r.postType }]));
}

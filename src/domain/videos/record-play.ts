import { eq, sql } from "drizzle-orm";
import { posts } from "../../db/schema";
import { kvKeys } from "../../infra/kv-keys";
import type { Ctx } from "../context";
import { errorFields, log } from "../../infra/log";

/** A viewer counts once per video per hour. */
export const PLAY_DEDUPE_SECONDS = 3600;

/**
 * One play of the video stored at `videoKey` by `viewer` (`u<id>` or `ip<address>`): counted
 * unless KV remembers this viewer playing it within the hour. KV is eventually consistent and
 * its read-then-write is not atomic, so plays racing each other, or from another location
 * within KV's propagation delay, may each count: the dedupe is a bound, not a guarantee.
 * The count itself is one atomic increment. KV failing is no reason to lose the play.
 */
export async function recordPlay(ctx: Ctx, input: { videoKey: string; viewer: string }): Promise<boolean> {
  const { deps } = ctx;
  const key = kvKeys.play(input.viewer, input.videoKey);
  try {
    if ((await deps.kv.get(key)) !== null) return false;
    await deps.kv.put(key, "1", { expirationTtl: PLAY_DEDUPE_SECONDS });
  } catch (err) {
    log("error", "play dedupe failed", { task: "record-play", ...errorFields(err) });
  }
  const updated = await deps.db
    .update(posts)
    .set({ viewCount: sql`${posts.viewCount} + 1` })
    .where(eq(posts.videoKey, input.videoKey))
    .returning({ id: posts.id });
  return updated.length > 0;
}

import { and, eq, notExists, or, sql } from "drizzle-orm";
import { blocks, follows, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { notification } from "../notifications/notify";
import { requireUser } from "../policy/ownership";
import { visibleAccount } from "../users/visible-account";
import { loadRelationship } from "./relationship";

export interface FollowResult {
  following: boolean;
  target: { id: number; username: string };
}

/**
 * Follows, or unfollows if already following. A block either way hides the target
 * (a visibility denial is a NOT_FOUND). A new follow and its notification are written
 * in one batch, each guarded at that instant (no block either way, not yet following),
 * so a block that lands concurrently cannot be slipped past.
 */
export async function toggleFollow(ctx: Ctx, { targetId }: { targetId: number }): Promise<FollowResult> {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const me = viewer.user.id;
  if (targetId === me) throw new DomainError("BAD_REQUEST", "follow_self");
  const rel = await loadRelationship(deps, me, targetId);
  if (rel.blocking || rel.blockedBy) throw new DomainError("NOT_FOUND", "user");
  const target = { id: rel.id, username: rel.username };
  if (rel.following) {
    await deps.db.delete(follows).where(and(eq(follows.followerId, me), eq(follows.followeeId, targetId)));
    return { following: false, target };
  }

  const noBlock = notExists(
    deps.db
      .select({ one: sql`1` })
      .from(blocks)
      .where(
        or(
          and(eq(blocks.blockerId, me), eq(blocks.blockedId, targetId)),
          and(eq(blocks.blockerId, targetId), eq(blocks.blockedId, me)),
        ),
      ),
  );
  const notYetFollowing = notExists(
    deps.db
      .select({ one: sql`1` })
      .from(follows)
      .where(and(eq(follows.followerId, me), eq(follows.followeeId, targetId))),
  );
  const guard = and(eq(users.id, targetId), visibleAccount(), noBlock, notYetFollowing)!;
  const followed = notification(deps, guard, { type: "follow", actorId: me, username: viewer.user.username });
  const [recorded, inserted] = await deps.db.batch([
    followed.statement,
    deps.db
      .insert(follows)
      .select(
        deps.db
          .select({
            followerId: sql`${me}`.as("follower_id"),
            followeeId: users.id,
            createdAt: sql`${deps.clock.now().getTime()}`.as("created_at"),
          })
          .from(users)
          .where(guard),
      )
      .onConflictDoNothing()
      .returning({ followeeId: follows.followeeId }),
  ]);
  if (!inserted.length) {
    // A concurrent request got there first: a block hides the target; an identical follow is already the answer.
    const now = await loadRelationship(deps, me, targetId);
    if (now.blocking || now.blockedBy) throw new DomainError("NOT_FOUND", "user");
    return { following: true, target };
  }
  followed.afterCommit(recorded);
  return { following: true, target };
}

import { and, eq } from "drizzle-orm";
import { follows } from "../../db/schema";
import type { Viewer } from "../auth/viewer";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { notify } from "../notifications/notify";
import { loadRelationship } from "./relationship";

export interface FollowResult {
  following: boolean;
  target: { id: number; username: string };
}

/**
 * Follows, or unfollows if already following. A block either way hides the target
 * (a visibility denial is a NOT_FOUND). A new follow notifies the target.
 */
export async function toggleFollow(deps: Deps, viewer: Viewer, targetId: number): Promise<FollowResult> {
  if (targetId === viewer.user.id) throw new DomainError("BAD_REQUEST", "follow_self");
  const rel = await loadRelationship(deps, viewer.user.id, targetId);
  if (rel.blocking || rel.blockedBy) throw new DomainError("NOT_FOUND", "user");
  const target = { id: rel.id, username: rel.username };
  if (rel.following) {
    await deps.db.delete(follows).where(and(eq(follows.followerId, viewer.user.id), eq(follows.followeeId, targetId)));
    return { following: false, target };
  }
  const inserted = await deps.db
    .insert(follows)
    .values({ followerId: viewer.user.id, followeeId: targetId, createdAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning({ id: follows.followerId });
  if (inserted.length) {
    notify(deps, {
      userId: targetId,
      message: `${viewer.user.username} started following you.`,
      type: "follow",
      page: "profile",
      pageItemId: viewer.user.id,
    });
  }
  return { following: true, target };
}

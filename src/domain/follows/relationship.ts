import { and, eq, or, sql } from "drizzle-orm";
import { blocks, follows, users } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { isVisibleAccount } from "../users/visible-account";

/** The target account and how the viewer stands with it, in one query. */
export async function loadRelationship(deps: Deps, viewerId: number, targetId: number) {
  const row = await deps.db
    .select({
      id: users.id,
      username: users.username,
      isActive: users.isActive,
      userStatus: users.userStatus,
      isBanned: users.isBanned,
      following: sql<number>`EXISTS (SELECT 1 FROM ${follows} WHERE ${follows.followerId} = ${viewerId} AND ${follows.followeeId} = ${users.id})`,
      blocking: sql<number>`EXISTS (SELECT 1 FROM ${blocks} WHERE ${blocks.blockerId} = ${viewerId} AND ${blocks.blockedId} = ${users.id})`,
      blockedBy: sql<number>`EXISTS (SELECT 1 FROM ${blocks} WHERE ${blocks.blockerId} = ${users.id} AND ${blocks.blockedId} = ${viewerId})`,
    })
    .from(users)
    .where(eq(users.id, targetId))
    .get();
  if (!row || !isVisibleAccount(row)) throw new DomainError("NOT_FOUND", "user");
  return {
    ...row,
    following: Boolean(row.following),
    blocking: Boolean(row.blocking),
    blockedBy: Boolean(row.blockedBy),
  };
}

/** Statements that remove any follow between two users, in either direction. */
export function unfollowBothWays(deps: Deps, a: number, b: number) {
  return deps.db
    .delete(follows)
    .where(
      or(
        and(eq(follows.followerId, a), eq(follows.followeeId, b)),
        and(eq(follows.followerId, b), eq(follows.followeeId, a)),
      ),
    );
}

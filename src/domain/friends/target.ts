import { and, eq, sql } from "drizzle-orm";
import { friendships, users } from "../../db/schema";
import type { Deps } from "../deps";
import { visibleAccount } from "../users/visible-account";
import { blockedEitherWay } from "./friendship";

/**
 * Another account as the viewer's friends routes see it, in one query: visible, not blocked
 * either way (a block hides the two from each other), and both sides of any friendship.
 */
export async function loadFriendTarget(deps: Deps, me: number, targetId: number) {
  const row = await deps.db
    .select({
      id: users.id,
      username: users.username,
      mine: sql<number>`EXISTS (SELECT 1 FROM ${friendships} WHERE ${friendships.userId} = ${me} AND ${friendships.friendId} = ${users.id})`,
      theirs: sql<number>`EXISTS (SELECT 1 FROM ${friendships} WHERE ${friendships.userId} = ${users.id} AND ${friendships.friendId} = ${me})`,
      blocked: sql<number>`${blockedEitherWay(deps, me, users.id)}`,
    })
    .from(users)
    .where(and(eq(users.id, targetId), visibleAccount()))
    .get();
  if (!row || row.blocked) return null;
  return { id: row.id, username: row.username, mine: Boolean(row.mine), theirs: Boolean(row.theirs) };
}

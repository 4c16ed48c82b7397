import { and, eq, notExists, sql } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { friendRequests, friendships, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { notification } from "../notifications/notify";
import { requireUser } from "../policy/ownership";
import { acceptedNow, friendshipStatements } from "./friendship";
import { loadFriendTarget } from "./target";

/**
 * Sends a friend request, or accepts at once the one the other user already sent me
 * (`autoAccepted`). One batch, every row guarded at the instant it runs: the reverse
 * request is accepted first if it is pending; my request is inserted only if that did not
 * happen and we are not friends (a second one while mine is pending is refused by the
 * partial unique index, so sending twice is idempotent); the friendship rows follow the
 * acceptance. Two crossing requests sent at once therefore end as one friendship.
 */
export async function sendFriendRequest(ctx: Ctx, { targetId }: { targetId: number }) {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const me = viewer.user.id;
  if (targetId === me) throw new DomainError("BAD_REQUEST", "friend_self");
  const target = await loadFriendTarget(deps, me, targetId);
  if (!target) throw new DomainError("NOT_FOUND", "user");
  if (target.mine && target.theirs) throw new DomainError("CONFLICT", "already_friends");

  const now = deps.clock.now();
  const accepted = acceptedNow(deps, targetId, me, now);
  const notFriends = notExists(
    deps.db
      .select({ one: sql`1` })
      .from(friendships)
      .where(and(eq(friendships.userId, me), eq(friendships.friendId, targetId))),
  );
  const sentNow = sql`EXISTS (SELECT 1 FROM ${friendRequests} WHERE ${friendRequests.fromUserId} = ${me} AND ${friendRequests.toUserId} = ${targetId} AND ${friendRequests.status} = 'pending' AND ${friendRequests.createdAt} = ${now.getTime()})`;
  const requested = notification(deps, and(eq(users.id, targetId), sentNow)!, {
    type: "friend_request",
    actorId: me,
    username: viewer.user.username,
  });
  const welcomed = notification(deps, and(eq(users.id, targetId), accepted)!, {
    type: "friend_accepted",
    actorId: me,
    username: viewer.user.username,
  });
  const [autoAccepted, inserted, , , , , , requestNote, acceptNote] = await deps.db.batch([
    deps.db
      .update(friendRequests)
      .set({ status: "accepted", updatedAt: now })
      .where(
        and(
          eq(friendRequests.fromUserId, targetId),
          eq(friendRequests.toUserId, me),
          eq(friendRequests.status, "pending"),
        ),
      )
      .returning({ id: friendRequests.id }),
    guardedInsert(
      deps.db,
      friendRequests,
      { fromUserId: me, toUserId: targetId, status: "pending", createdAt: now, updatedAt: now },
      { from: users, where: and(eq(users.id, targetId), notFriends, sql`NOT ${accepted}`)! },
    )
      .onConflictDoNothing()
      .returning({ id: friendRequests.id }),
    ...friendshipStatements(deps, me, targetId, accepted, now),
    requested.statement,
    welcomed.statement,
  ]);
  requested.afterCommit(requestNote);
  welcomed.afterCommit(acceptNote);
  if (!autoAccepted.length && !inserted.length) {
    // Nothing written: mine was already pending, or a crossing request made us friends meanwhile.
    const now2 = await loadFriendTarget(deps, me, targetId);
    if (now2?.mine && now2.theirs) throw new DomainError("CONFLICT", "already_friends");
  }
  return { autoAccepted: autoAccepted.length > 0 };
}

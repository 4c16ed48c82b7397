import { and, eq, exists, sql } from "drizzle-orm";
import { friendRequests, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { notification } from "../notifications/notify";
import { requireUser } from "../policy/ownership";
import { visibleAccount } from "../users/visible-account";
import { acceptedNow, friendshipStatements } from "./friendship";

export type FriendResponse = "accept" | "reject";

const isResponse = (value: unknown): value is FriendResponse => value === "accept" || value === "reject";

/**
 * Answers a pending request addressed to the caller (anyone else's, an answered one, or one
 * from an account now hidden by a ban or a deactivation, is not found). Accepting is one batch: the status flip, guarded on "still pending", and
 * the friendship, its chat and the notification, each guarded on that flip having been
 * this batch's, so two acceptances at once make one friendship and one chat.
 */
export async function respondToFriendRequest(
  ctx: Ctx,
  { requestId, response }: { requestId: number; response: unknown },
) {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const me = viewer.user.id;
  const request = await deps.db
    .select({ fromUserId: friendRequests.fromUserId })
    .from(friendRequests)
    .innerJoin(users, eq(users.id, friendRequests.fromUserId))
    .where(
      and(
        eq(friendRequests.id, requestId),
        eq(friendRequests.toUserId, me),
        eq(friendRequests.status, "pending"),
        visibleAccount(),
      ),
    )
    .get();
  if (!request) throw new DomainError("NOT_FOUND", "friend_request");
  if (!isResponse(response)) throw new DomainError("BAD_REQUEST", "friend_response");

  const now = deps.clock.now();
  // A sender banned or deactivated meanwhile has a request no one can see, so it cannot be answered.
  const senderVisible = exists(
    deps.db
      .select({ one: sql`1` })
      .from(users)
      .where(and(eq(users.id, request.fromUserId), visibleAccount())),
  );
  const stillPending = and(
    eq(friendRequests.id, requestId),
    eq(friendRequests.status, "pending"),
    senderVisible,
  );
  if (response === "reject") {
    const [rejected] = await deps.db
      .update(friendRequests)
      .set({ status: "rejected", updatedAt: now })
      .where(stillPending)
      .returning({ id: friendRequests.id });
    if (!rejected) throw new DomainError("NOT_FOUND", "friend_request");
    return { accepted: false };
  }
  const from = request.fromUserId;
  const accepted = acceptedNow(deps, from, me, now);
  const told = notification(deps, and(eq(users.id, from), accepted)!, {
    type: "friend_accepted",
    actorId: me,
    username: viewer.user.username,
  });
  const [flipped, , , , , , recorded] = await deps.db.batch([
    deps.db
      .update(friendRequests)
      .set({ status: "accepted", updatedAt: now })
      .where(stillPending)
      .returning({ id: friendRequests.id }),
    ...friendshipStatements(deps, from, me, accepted, now),
    told.statement,
  ]);
  if (!flipped.length) throw new DomainError("NOT_FOUND", "friend_request");
  told.afterCommit(recorded);
  return { accepted: true };
}

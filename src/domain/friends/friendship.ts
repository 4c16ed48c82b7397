import { and, eq, exists, or, sql, type SQL } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { blocks, chatMembers, chats, friendRequests, friendships, users } from "../../db/schema";
import type { Deps } from "../deps";

/** The private chat of two users is keyed by the pair, so only one can ever exist. */
export const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

export const blockedEitherWay = (deps: Deps, a: number | typeof users.id, b: number | typeof users.id) =>
  exists(
    deps.db
      .select({ one: sql`1` })
      .from(blocks)
      .where(
        or(
          and(eq(blocks.blockerId, a), eq(blocks.blockedId, b)),
          and(eq(blocks.blockerId, b), eq(blocks.blockedId, a)),
        ),
      ),
  );

/**
 * "The request `from` → `to` was accepted by this very write": its status and the instant
 * the write stamped. Every row an acceptance creates is guarded by it, so a batch that lost
 * the race (the request was answered by another request in between) creates nothing.
 */
export const acceptedNow = (deps: Deps, from: number, to: number, now: Date) =>
  exists(
    deps.db
      .select({ one: sql`1` })
      .from(friendRequests)
      .where(
        and(
          eq(friendRequests.fromUserId, from),
          eq(friendRequests.toUserId, to),
          eq(friendRequests.status, "accepted"),
          eq(friendRequests.updatedAt, now),
        ),
      ),
  );

/**
 * The rows a friendship is: both directed rows (group "Default"), the pair's private chat and
 * its two members, each written only if `guard` holds and each idempotent (primary keys and
 * the chat's pair key), so two acceptances racing make one friendship and one chat. A pair
 * that was friends before gets its old chat back.
 */
export function friendshipStatements(deps: Deps, a: number, b: number, guard: SQL, now: Date) {
  const key = pairKey(a, b);
  const side = (userId: number, friendId: number) =>
    guardedInsert(
      deps.db,
      friendships,
      { userId, friendId, createdAt: now },
      { from: users, where: and(eq(users.id, userId), guard)! },
    ).onConflictDoNothing();
  const member = (userId: number) =>
    guardedInsert(
      deps.db,
      chatMembers,
      { chatId: chats.id, userId, joinedAt: now },
      { from: chats, where: and(eq(chats.pairKey, key), guard)! },
    ).onConflictDoNothing();
  return [
    side(a, b),
    side(b, a),
    guardedInsert(
      deps.db,
      chats,
      { name: "", isPrivate: true, pairKey: key, createdAt: now },
      { from: users, where: and(eq(users.id, a), guard)! },
    ).onConflictDoNothing(),
    member(a),
    member(b),
  ] as const;
}

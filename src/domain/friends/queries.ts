import { and, asc, desc, eq, ne, notExists, or, sql, type SQL } from "drizzle-orm";
import { DEFAULT_FRIEND_GROUP, blocks, friendRequests, friendships, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { startsWithText } from "../lists/search";
import { requireUser } from "../policy/ownership";
import { usernameKey } from "../users/account-rules";
import { userCardColumns, type UserCardRow } from "../users/public-projection";
import { visibleAccount } from "../users/visible-account";
import { blockedEitherWay } from "./friendship";

export type UserCard = UserCardRow;

const card = userCardColumns();

/** One account by id with my friendship group for it (null: not my friend); a block either way hides it. */
export async function userInfo(ctx: Ctx, { userId }: { userId: number }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  const row = await deps.db
    .select({
      ...card,
      bio: users.bio,
      dateJoined: users.dateJoined,
      group: sql<
        string | null
      >`(SELECT ${friendships.groupName} FROM ${friendships} WHERE ${friendships.userId} = ${me} AND ${friendships.friendId} = ${users.id})`,
      blocked: sql<number>`${blockedEitherWay(deps, me, users.id)}`,
    })
    .from(users)
    .where(and(eq(users.id, userId), visibleAccount()))
    .get();
  if (!row || row.blocked) throw new DomainError("NOT_FOUND", "user");
  return { ...row, isFriend: row.group !== null };
}

/** An exact username, compared as usernames are unique (case-insensitively). */
export async function findUserByName(ctx: Ctx, { username }: { username: string | undefined }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  if (!username) throw new DomainError("BAD_REQUEST", "username_required");
  const row = await deps.db
    .select(card)
    .from(users)
    .where(
      and(
        eq(users.usernameKey, usernameKey(username)),
        visibleAccount(),
        sql`NOT ${blockedEitherWay(deps, me, users.id)}`,
      ),
    )
    .get();
  if (!row) throw new DomainError("NOT_FOUND", "user_lookup");
  return row;
}

/** My friends by username, optionally by username prefix (case-insensitive) and by my group for them; one query. */
export async function listFriends(ctx: Ctx, filter: { prefix?: string; group?: string }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  const prefix = filter.prefix ? usernameKey(filter.prefix) : "";
  return deps.db
    .select({ ...card, group: friendships.groupName })
    .from(friendships)
    .innerJoin(users, eq(users.id, friendships.friendId))
    .where(
      and(
        eq(friendships.userId, me),
        visibleAccount(),
        prefix ? startsWithText(users.usernameKey, prefix) : undefined,
        filter.group !== undefined ? eq(friendships.groupName, filter.group) : undefined,
        notExists(
          deps.db
            .select({ one: sql`1` })
            .from(blocks)
            .where(
              or(
                and(eq(blocks.blockerId, me), eq(blocks.blockedId, users.id)),
                and(eq(blocks.blockerId, users.id), eq(blocks.blockedId, me)),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(users.usernameKey))
    .all();
}

/** "Default" first, then the other group names of my friendships, sorted; one query. */
export async function listFriendGroups(ctx: Ctx) {
  const me = requireUser(ctx).user.id;
  const rows = await ctx.deps.db
    .selectDistinct({ name: friendships.groupName })
    .from(friendships)
    .where(and(eq(friendships.userId, me), ne(friendships.groupName, DEFAULT_FRIEND_GROUP)))
    .orderBy(asc(friendships.groupName))
    .all();
  return [DEFAULT_FRIEND_GROUP, ...rows.map((r) => r.name)];
}

export const RECENT_REQUESTS_DEFAULT = 5;
export const RECENT_REQUESTS_MAX = 50;

/**
 * The other user of a request under names of its own: D1's batch answers rows as objects
 * keyed by column name, so a joined `id` would overwrite the request's.
 */
const otherCard = (id: SQL | typeof users.id) => ({
  userId: sql<number>`${id}`.as("other_id"),
  username: sql<string>`${users.username}`.as("other_username"),
  avatarKey: sql<string | null>`${users.avatarKey}`.as("other_avatar_key"),
});

const cardOf = (r: { userId: number; username: string; avatarKey: string | null }): UserCard => ({
  id: r.userId,
  username: r.username,
  avatarKey: r.avatarKey,
});

/**
 * Pending requests to me (newest first) and the last `count` answered ones either way, in one round trip.
 * Requests of an account hidden by a ban or a deactivation are left out until it is visible again.
 */
export async function receivedRequests(ctx: Ctx, { count }: { count: number }) {
  const me = requireUser(ctx).user.id;
  const { db } = ctx.deps;
  const other = sql`CASE WHEN ${friendRequests.fromUserId} = ${me} THEN ${friendRequests.toUserId} ELSE ${friendRequests.fromUserId} END`;
  const [pending, recent] = await db.batch([
    db
      .select({ id: friendRequests.id, updatedAt: friendRequests.updatedAt, ...otherCard(users.id) })
      .from(friendRequests)
      .innerJoin(users, eq(users.id, friendRequests.fromUserId))
      .where(and(eq(friendRequests.toUserId, me), eq(friendRequests.status, "pending"), visibleAccount()))
      .orderBy(desc(friendRequests.updatedAt), desc(friendRequests.id)),
    db
      .select({
        id: friendRequests.id,
        status: friendRequests.status,
        updatedAt: friendRequests.updatedAt,
        fromUserId: friendRequests.fromUserId,
        ...otherCard(users.id),
      })
      .from(friendRequests)
      .innerJoin(users, eq(users.id, other))
      .where(
        and(
          or(eq(friendRequests.toUserId, me), eq(friendRequests.fromUserId, me)),
          ne(friendRequests.status, "pending"),
          visibleAccount(),
        ),
      )
      .orderBy(desc(friendRequests.updatedAt), desc(friendRequests.id))
      .limit(Math.min(Math.max(count, 0), RECENT_REQUESTS_MAX)),
  ]);
  return {
    pending: pending.map((r) => ({ id: r.id, updatedAt: r.updatedAt, user: cardOf(r) })),
    recent: recent.map((r) => ({
      id: r.id,
      status: r.status,
      updatedAt: r.updatedAt,
      user: cardOf(r),
      direction: r.fromUserId === me ? ("to" as const) : ("from" as const),
    })),
  };
}

/** My pending requests, newest first; one query. */
export async function sentRequests(ctx: Ctx) {
  const me = requireUser(ctx).user.id;
  return ctx.deps.db
    .select({ id: friendRequests.id, updatedAt: friendRequests.updatedAt, user: card })
    .from(friendRequests)
    .innerJoin(users, eq(users.id, friendRequests.toUserId))
    .where(and(eq(friendRequests.fromUserId, me), eq(friendRequests.status, "pending"), visibleAccount()))
    .orderBy(desc(friendRequests.updatedAt), desc(friendRequests.id))
    .all();
}

/** The caller's own account with the number of pending requests addressed to it by visible accounts; one query. */
export async function userDetails(ctx: Ctx) {
  const { user } = requireUser(ctx);
  const row = await ctx.deps.db
    .select({ pending: sql<number>`COUNT(*)` })
    .from(friendRequests)
    .innerJoin(users, eq(users.id, friendRequests.fromUserId))
    .where(and(eq(friendRequests.toUserId, user.id), eq(friendRequests.status, "pending"), visibleAccount()))
    .get();
  return { user, pendingCount: row?.pending ?? 0 };
}

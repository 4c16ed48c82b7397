import { and, sql } from "drizzle-orm";
import { idValues } from "../lists/viewer-flags";
import { guardedInsert } from "../../db/guarded-insert";
import { chatMembers, chats, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { randomToken } from "../../infra/secrets";
import { visibleAccount } from "../users/visible-account";
import { MAX_GROUP_MEMBERS, friendsWith } from "./access";
import { publish } from "./publish";

export const CHAT_NAME_MAX = 100;
/** Cocotree's rule: a group chat has at least three members, its creator included. */
export const MIN_GROUP_MEMBERS = 3;

/**
 * A group chat owned by the caller with the given friends as members. Every member must be a
 * visible account among the caller's friends; the creator counts toward the three.
 */
export async function createGroupChat(ctx: Ctx, input: { name: string; memberIds: number[] }) {
  const me = requireUser(ctx).user.id;
  const { deps } = ctx;
  const name = input.name.trim();
  if (!name || name.length > CHAT_NAME_MAX) throw new DomainError("BAD_REQUEST", "chat_name");
  const others = [...new Set(input.memberIds)].filter((id) => id !== me);
  if (others.length + 1 < MIN_GROUP_MEMBERS) throw new DomainError("BAD_REQUEST", "group_too_small");
  if (others.length + 1 > MAX_GROUP_MEMBERS) throw new DomainError("BAD_REQUEST", "group_too_large");
  const found = await deps.db
    .select({ id: users.id, friend: sql<number>`${friendsWith(me, users.id)}` })
    .from(users)
    // Ids as literals: a bound parameter each would pass D1's 100 a statement for a large group.
    .where(and(sql`${users.id} IN (${idValues(others)})`, visibleAccount()))
    .all();
  if (found.length !== others.length) throw new DomainError("NOT_FOUND", "chat_user");
  if (found.some((f) => !f.friend)) throw new DomainError("FORBIDDEN", "not_friends_with_member");

  const now = deps.clock.now();
  // The chat and its members are one batch: the members' one statement finds the new chat by its one-off key.
  const key = `g:${randomToken(12)}`;
  const [[chat]] = await deps.db.batch([
    deps.db.insert(chats).values({ name, isPrivate: false, pairKey: key, createdAt: now }).returning(),
    guardedInsert(
      deps.db,
      chatMembers,
      {
        chatId: sql`(SELECT ${chats.id} FROM ${chats} WHERE ${chats.pairKey} = ${key})`,
        userId: users.id,
        role: sql`CASE WHEN ${users.id} = ${me} THEN 'owner' ELSE 'member' END`,
        joinedAt: now,
      },
      { from: users, where: sql`${users.id} IN (${idValues([me, ...others])})` },
    ),
  ]);
  const rows = [me, ...others].map((userId) => ({ userId }));
  publish(
    deps,
    rows.map((r) => ({ userId: r.userId, muted: false })),
    { kind: "members", chatId: chat!.id, change: "created", userId: me },
  );
  return chat!;
}

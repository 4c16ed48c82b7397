import { and, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { chatMembers, chats, friendships, type ChatRole } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";

/** The building blocks the chat verbs share; internal to the domain (they take `deps`, not a ctx). */

export interface ChatAccess {
  id: number;
  isPrivate: boolean;
  /** The caller's role; null when the caller is not (or no longer) a member. */
  role: ChatRole | null;
}

/** A chat and the caller's place in it, in one query; null when there is no such chat (or it was deleted). */
export async function chatAccess(deps: Deps, chatId: number, userId: number): Promise<ChatAccess | null> {
  const row = await deps.db
    .select({ id: chats.id, isPrivate: chats.isPrivate, role: chatMembers.role })
    .from(chats)
    .leftJoin(
      chatMembers,
      and(eq(chatMembers.chatId, chats.id), eq(chatMembers.userId, userId), eq(chatMembers.isDeleted, false)),
    )
    .where(and(eq(chats.id, chatId), isNull(chats.deletedAt)))
    .get();
  return row ?? null;
}

/** Any chat the caller is in: a missing chat is not found, one of others' is forbidden. */
export function requireMember(access: ChatAccess | null): ChatAccess & { role: ChatRole } {
  if (!access) throw new DomainError("NOT_FOUND", "chat");
  if (!access.role) throw new DomainError("FORBIDDEN", "not_chat_member");
  return access as ChatAccess & { role: ChatRole };
}

/** A group chat the caller is in; any other chat id (private, missing, or not the caller's) is not found. */
export function requireGroup(access: ChatAccess | null): ChatAccess & { role: ChatRole } {
  if (!access || access.isPrivate || !access.role) throw new DomainError("NOT_FOUND", "group_chat");
  return access as ChatAccess & { role: ChatRole };
}

export const MANAGING: ChatRole[] = ["owner", "manager"];

export function requireRole(access: { role: ChatRole }, roles: ChatRole[]) {
  if (!roles.includes(access.role)) throw new DomainError("FORBIDDEN", "chat_role");
}

/**
 * "This user is still a member of this chat, in one of these roles" at the instant a write runs:
 * every write a role allows is guarded by it, so a demotion or removal committed first wins.
 */
export const holdsRole = (
  chatId: number,
  userId: number,
  roles: readonly ChatRole[] = ["owner", "manager", "member"],
): SQL =>
  sql`EXISTS (SELECT 1 FROM ${chatMembers} WHERE ${chatMembers.chatId} = ${chatId} AND ${chatMembers.userId} = ${userId} AND ${chatMembers.isDeleted} = 0 AND ${inArray(chatMembers.role, [...roles])})`;

/** `a` counts `b` among their friends (Cocotree keeps two directed rows; both go together). */
export const friendsWith = (a: number, b: number | SQLWrapper): SQL =>
  sql`EXISTS (SELECT 1 FROM ${friendships} WHERE ${friendships.userId} = ${a} AND ${friendships.friendId} = ${b})`;

/** A member row of a chat, deleted members included (they stay listed). */
export async function memberRole(deps: Deps, chatId: number, userId: number) {
  return deps.db
    .select({ role: chatMembers.role, isDeleted: chatMembers.isDeleted })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
    .get();
}

/** The largest group chat: bounds every read of a chat's members (its info, live fan-out). */
export const MAX_GROUP_MEMBERS = 200;

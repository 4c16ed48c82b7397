import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { chatMembers, messages, users, type MessageType } from "../../db/schema";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import type { Upload } from "../media/image-upload";
import { requireUser } from "../policy/ownership";
import { chatAccess, friendsWith, holdsRole, requireMember } from "./access";
import { storeAttachment } from "./attachment";
import { publish, recipientsQuery } from "./publish";
import { messageColumns } from "./queries";

export const MESSAGE_MAX_CHARS = 5000;
export const SENDABLE_TYPES = ["text", "image", "file", "voice"] as const satisfies readonly MessageType[];
export type SendableType = (typeof SENDABLE_TYPES)[number];

export interface SendMessageInput {
  chatId: number;
  type: string;
  content: string;
  replyId: number | null;
  attachment: Upload | null;
}

/** A private chat's other member, and whether the two are still friends. */
async function otherOfPair(deps: Deps, chatId: number, me: number) {
  return deps.db
    .select({ id: users.id, username: users.username, friends: sql<number>`${friendsWith(me, users.id)}` })
    .from(chatMembers)
    .innerJoin(users, eq(users.id, chatMembers.userId))
    .where(and(eq(chatMembers.chatId, chatId), ne(chatMembers.userId, me)))
    .get();
}

/** Raised when a private chat's two members are no longer friends; carries the other's name for the message. */
export class NotFriendsInChat extends DomainError<"FORBIDDEN"> {
  constructor(readonly username: string) {
    super("FORBIDDEN", "not_friends_in_chat");
  }
}

/**
 * Posts a message in a chat the caller is in. A private chat takes it only while the two are
 * friends. One batch: the message goes in guarded on that (membership, and friendship for a
 * private chat) at the instant it runs, and the reply's count and the others' unread counts
 * move only if it did. The attachment is stored first and removed again if the message is refused.
 */
export async function sendMessage(ctx: Ctx, input: SendMessageInput) {
  const viewer = requireUser(ctx);
  const me = viewer.user.id;
  const { deps } = ctx;
  const access = requireMember(await chatAccess(deps, input.chatId, me));
  if (!(SENDABLE_TYPES as readonly string[]).includes(input.type))
    throw new DomainError("BAD_REQUEST", "message_type");
  const type = input.type as SendableType;
  const content = input.content;
  if (content.length > MESSAGE_MAX_CHARS) throw new DomainError("BAD_REQUEST", "message_content");
  if (type === "text" ? !content.trim() : !input.attachment)
    throw new DomainError("BAD_REQUEST", type === "text" ? "message_content" : "attachment");

  let allowed: SQL = holdsRole(input.chatId, me);
  if (access.isPrivate) {
    const other = await otherOfPair(deps, input.chatId, me);
    if (!other?.friends) throw new NotFriendsInChat(other?.username ?? "");
    allowed = and(allowed, friendsWith(me, other.id))!;
  }
  if (input.replyId !== null) {
    const target = await deps.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.replyId), eq(messages.chatId, input.chatId)))
      .get();
    if (!target) throw new DomainError("BAD_REQUEST", "reply_target");
  }

  const key =
    input.attachment && type !== "text" ? await storeAttachment(deps, me, type, input.attachment) : null;
  const now = deps.clock.now();
  const [inserted, , , members] = await deps.db.batch([
    guardedInsert(
      deps.db,
      messages,
      {
        chatId: input.chatId,
        senderId: me,
        replyId: input.replyId,
        messageType: type,
        content,
        fileUrl: deps.media.url(key),
        attachmentKey: key,
        timestamp: now,
      },
      { from: users, where: and(eq(users.id, me), allowed)! },
    ).returning(messageColumns),
    deps.db
      .update(messages)
      .set({ replyCount: sql`${messages.replyCount} + 1` })
      .where(and(eq(messages.id, input.replyId ?? -1), eq(messages.chatId, input.chatId), allowed)),
    deps.db
      .update(chatMembers)
      .set({
        unreadCount: sql`CASE WHEN ${chatMembers.userId} = ${me} THEN 0 ELSE ${chatMembers.unreadCount} + 1 END`,
        lastAccessAt: sql`CASE WHEN ${chatMembers.userId} = ${me} THEN ${now.getTime()} ELSE ${chatMembers.lastAccessAt} END`,
      })
      .where(and(eq(chatMembers.chatId, input.chatId), allowed)),
    recipientsQuery(deps, input.chatId),
  ]);
  const message = inserted[0];
  if (!message) {
    if (key) deps.defer(deps.media.delete(key));
    const again = requireMember(await chatAccess(deps, input.chatId, me));
    if (again.isPrivate)
      throw new NotFriendsInChat((await otherOfPair(deps, input.chatId, me))?.username ?? "");
    throw new DomainError("FORBIDDEN", "not_chat_member");
  }
  publish(deps, members, { kind: "message", chatId: input.chatId, message });
  return message;
}

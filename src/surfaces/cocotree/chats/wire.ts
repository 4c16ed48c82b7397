// module_api/chat_management_api.md and messages_api.md (paulinxu/cocotree-report): the objects the chat answers hold.
import type { Context } from "hono";
import * as z from "zod";
import type { ChatListRow, MessageRow } from "../../../domain/chats/queries";
import type { chatInfo } from "../../../domain/chats/chat-info";
import type { listJoinRequests } from "../../../domain/chats/join-requests";
import { DomainError, type ReasonOf } from "../../../domain/errors";
import type { Presenter } from "../../../http/presenter";
import { epochSeconds, isoTime } from "../serializers";

/** A path id (`<str:…>` in the original): anything but a plain number names nothing, so it is that route's "not found". */
export function pathId(c: Context, name: string, missing: ReasonOf<"NOT_FOUND">): number {
  const raw = c.req.param(name) ?? "";
  const id = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new DomainError("NOT_FOUND", missing);
  return id;
}

export const chatSchema = z.object({
  chat_id: z.number(),
  chat_name: z.string(),
  created_at: z.string(),
  unread_messages_count: z.number(),
  latest_message_username: z.string().nullable(),
  latest_message_type: z.string().nullable(),
  latest_message_content: z.string().nullable(),
  muted: z.boolean(),
  pinned: z.boolean(),
  private: z.boolean(),
  chat_profile_picture: z.string().nullable(),
});

export const messageSchema = z.object({
  message_id: z.number(),
  sender_id: z.number().nullable(),
  reply_id: z.number().nullable(),
  reply_count: z.number(),
  content: z.string(),
  message_type: z.string(),
  timestamp: z.number().describe("epoch seconds"),
  file_url: z.string().nullable(),
});

export const memberSchema = z.object({
  user_id: z.number(),
  username: z.string(),
  profile_picture: z.string().nullable(),
  last_access_time: z.string().nullable(),
  role: z.string(),
  is_deleted: z.boolean(),
});

export const announcementSchema = z.object({
  announcement_id: z.number(),
  content: z.string(),
  timestamp: z.string(),
});

export const chatInfoSchema = z.object({
  chat: z.object({
    chat_name: z.string(),
    private: z.boolean(),
    chat_members: z.array(memberSchema),
    chat_announcements: z.array(announcementSchema),
    chat_profile_picture: z.string().nullable(),
  }),
});

export const createdChatSchema = z.object({
  chat: z.object({ id: z.number(), chat_name: z.string(), private: z.boolean(), created_time: z.string() }),
});

export const joinRequestSchema = z.object({
  id: z.number(),
  user_id: z.number(),
  username: z.string(),
  profile_picture: z.string().nullable(),
  timestamp: z.string(),
});

export const announcementOutSchema = z.object({
  id: z.number(),
  chat_id: z.number(),
  content: z.string(),
  timestamp: z.number(),
});

export const recalledSchema = z.object({
  message: z.string(),
  data: z.object({
    message_id: z.number(),
    sender_id: z.number().nullable(),
    content: z.string(),
    message_type: z.string(),
    timestamp: z.number(),
  }),
});

export const toChat = (c: ChatListRow, p: Presenter): z.output<typeof chatSchema> => ({
  chat_id: c.id,
  chat_name: c.isPrivate ? (c.otherUsername ?? c.name) : c.name,
  created_at: isoTime(c.createdAt),
  unread_messages_count: c.unread,
  latest_message_username: c.latestUsername ?? null,
  latest_message_type: c.latestType ?? null,
  latest_message_content: c.latestContent ?? null,
  muted: c.muted,
  pinned: c.pinned,
  private: c.isPrivate,
  chat_profile_picture: p.media(c.isPrivate ? c.otherAvatarKey : c.pictureKey),
});

export const toMessage = (m: MessageRow): z.output<typeof messageSchema> => ({
  message_id: m.id,
  sender_id: m.senderId,
  reply_id: m.replyId,
  reply_count: m.replyCount,
  content: m.content,
  message_type: m.messageType,
  timestamp: epochSeconds(m.timestamp),
  file_url: m.fileUrl,
});

export const toChatInfo = (
  { chat, members, announcements }: Awaited<ReturnType<typeof chatInfo>>,
  p: Presenter,
): z.output<typeof chatInfoSchema> => ({
  chat: {
    chat_name: chat.isPrivate ? (chat.otherUsername ?? chat.name) : chat.name,
    private: chat.isPrivate,
    chat_members: members.map((m) => ({
      user_id: m.id,
      username: m.username,
      profile_picture: p.media(m.avatarKey),
      last_access_time: m.lastAccessAt ? isoTime(m.lastAccessAt) : null,
      role: m.role,
      is_deleted: m.isDeleted,
    })),
    chat_announcements: announcements.map((a) => ({
      announcement_id: a.id,
      content: a.content,
      timestamp: isoTime(a.createdAt),
    })),
    chat_profile_picture: p.media(chat.isPrivate ? chat.otherAvatarKey : chat.pictureKey),
  },
});

export const toJoinRequest = (
  r: Awaited<ReturnType<typeof listJoinRequests>>[number],
  p: Presenter,
): z.output<typeof joinRequestSchema> => ({
  id: r.id,
  user_id: r.userId,
  username: r.username,
  profile_picture: p.media(r.avatarKey),
  timestamp: isoTime(r.createdAt),
});

export const toAnnouncement = (a: {
  id: number;
  chatId: number;
  content: string;
  createdAt: Date;
}): z.output<typeof announcementOutSchema> => ({
  id: a.id,
  chat_id: a.chatId,
  content: a.content,
  timestamp: epochSeconds(a.createdAt),
});

// seed 002: the objects Cocotree's answers hold, field for field.
import type { ChatListRow, MessageRow } from "../../domain/chats/queries";
import type { UserCard } from "../../domain/friends/queries";
import type { UserRow } from "../../domain/users/account";
import type { MediaStore } from "../../infra/media-store";

/** `{"code": 0, "payload": …}` */
export const success = <T>(payload: T) => ({ code: 0 as const, payload });

/** ISO-8601 UTC to the second, as the seed's examples (`2023-07-01T12:00:00Z`). */
export const isoTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
export const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

export const toUserCard = (u: UserCard, media: MediaStore) => ({ id: u.id, username: u.username, profile_picture: media.url(u.avatarKey) });

export const toUserInfo = (
  u: UserCard & { bio: string; dateJoined: Date; isFriend: boolean; group: string | null },
  media: MediaStore,
) => ({
  id: u.id,
  username: u.username,
  bio: u.bio,
  profile_picture: media.url(u.avatarKey),
  created_time: isoTime(u.dateJoined),
  is_friend: u.isFriend,
  group: u.group,
});

export const toUserDetails = (user: UserRow, pendingCount: number, media: MediaStore) => ({
  id: user.id,
  username: user.username,
  email: user.email,
  phone_number: user.phone,
  bio: user.bio,
  profile_picture: media.url(user.avatarKey),
  created_time: isoTime(user.dateJoined),
  pending_count: pendingCount,
});

export const toFriend = (f: UserCard & { group: string }, media: MediaStore) => ({ ...toUserCard(f, media), group: f.group });

export const toChat = (c: ChatListRow, media: MediaStore) => ({
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
  chat_profile_picture: media.url(c.isPrivate ? c.otherAvatarKey : c.pictureKey),
});

export const toMessage = (m: MessageRow) => ({
  message_id: m.id,
  sender_id: m.senderId,
  reply_id: m.replyId,
  reply_count: m.replyCount,
  content: m.content,
  message_type: m.messageType,
  timestamp: epochSeconds(m.timestamp),
  file_url: m.fileUrl,
});

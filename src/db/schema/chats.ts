import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const chats = sqliteTable(
  "chats",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull().default(""),
    isPrivate: integer("is_private", { mode: "boolean" }).notNull().default(false),
    /**
     * `<lower id>:<higher id>` for the private chat of two users: the unique index makes two
     * concurrent acceptances create one chat. `g:<random>` for a group chat, so the batch that
     * creates it can add its members (NULL for group chats made before that).
     */
    pairKey: text("pair_key"),
    pictureKey: text("picture_key"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /**
     * The owner deleted it (a tombstone): its members and join requests went in the same batch, so
     * no API reaches it, and its messages (and their files) go later in chunks (maintenance/purge-chat.ts).
     */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("chats_pair_key_uq").on(t.pairKey),
    index("chats_deleted_idx")
      .on(t.deletedAt)
      .where(sql`${t.deletedAt} IS NOT NULL`),
  ],
);

export const CHAT_ROLES = ["owner", "manager", "member"] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

export const chatMembers = sqliteTable(
  "chat_members",
  {
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    muted: integer("muted", { mode: "boolean" }).notNull().default(false),
    pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
    /** The newest message this member has read; NULL: none. */
    lastReadMessageId: integer("last_read_message_id"),
    /** Messages of others since this member last read the chat: kept by every write that adds one, never counted on a read. */
    unreadCount: integer("unread_count").notNull().default(0),
    /** When this member last read the chat; NULL: never. */
    lastAccessAt: integer("last_access_at", { mode: "timestamp_ms" }),
    role: text("role", { enum: CHAT_ROLES }).notNull().default("member"),
    /** The member's account was deleted (anonymised): it stays listed, and can no longer act. */
    isDeleted: integer("is_deleted", { mode: "boolean" }).notNull().default(false),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId] }), index("chat_members_user_idx").on(t.userId)],
);

export const MESSAGE_TYPES = ["text", "image", "file", "voice", "system"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    /** NULL for a system message, and for a sender whose account is gone. */
    senderId: integer("sender_id").references(() => users.id, { onDelete: "set null" }),
    replyId: integer("reply_id"),
    messageType: text("message_type", { enum: MESSAGE_TYPES }).notNull().default("text"),
    content: text("content").notNull().default(""),
    fileUrl: text("file_url"),
    /** The attachment's R2 key, so a recall can remove it; NULL for none. */
    attachmentKey: text("attachment_key"),
    /** Replies to this message: kept by the send that adds one. */
    replyCount: integer("reply_count").notNull().default(0),
    timestamp: integer("timestamp", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("messages_chat_idx").on(t.chatId, t.id),
    index("messages_reply_idx").on(t.replyId),
    // The media route serves a chat file only while a message of a live chat holds it.
    index("messages_attachment_idx")
      .on(t.attachmentKey)
      .where(sql`${t.attachmentKey} IS NOT NULL`),
  ],
);

/** A member's invitation of a friend into a group chat, waiting for an owner or manager. One per chat and user. */
export const chatJoinRequests = sqliteTable(
  "chat_join_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    inviterId: integer("inviter_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("chat_join_requests_chat_user_uq").on(t.chatId, t.userId),
    index("chat_join_requests_user_idx").on(t.userId),
  ],
);

export const chatAnnouncements = sqliteTable(
  "chat_announcements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id")
      .notNull()
      .references(() => chats.id, { onDelete: "cascade" }),
    content: text("content").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("chat_announcements_chat_idx").on(t.chatId, t.id)],
);

export const CHAT_FEED_KINDS = ["message", "recall", "members", "deleted"] as const;

/**
 * Every chat frame a user's devices were sent, one row per recipient, so a device that reconnects
 * with `?since=<id>` is replayed exactly what it missed, in order (as notifications are). A message
 * or a recall names its message, read as it stands at replay. Rows live CHAT_FEED_RETENTION_MS.
 */
export const chatFeed = sqliteTable(
  "chat_feed",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** No foreign key: a deleted chat's frames outlive it (its "deleted" frame above all). */
    chatId: integer("chat_id").notNull(),
    kind: text("kind", { enum: CHAT_FEED_KINDS }).notNull(),
    messageId: integer("message_id"),
    /** A membership change: what changed, and whose. */
    change: text("change"),
    subjectId: integer("subject_id"),
    muted: integer("muted", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("chat_feed_user_idx").on(t.userId, t.id), index("chat_feed_created_idx").on(t.createdAt)],
);

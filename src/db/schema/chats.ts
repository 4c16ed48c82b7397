import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const chats = sqliteTable(
  "chats",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull().default(""),
    isPrivate: integer("is_private", { mode: "boolean" }).notNull().default(false),
    /**
     * `<lower id>:<higher id>` for the private chat of two users, NULL for a group chat: the
     * unique index makes two concurrent acceptances create one chat.
     */
    pairKey: text("pair_key"),
    pictureKey: text("picture_key"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("chats_pair_key_uq").on(t.pairKey)],
);

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
    joinedAt: integer("joined_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId] }), index("chat_members_user_idx").on(t.userId)],
);

export const MESSAGE_TYPES = ["text", "image", "file", "system"] as const;

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
    timestamp: integer("timestamp", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("messages_chat_idx").on(t.chatId, t.id), index("messages_reply_idx").on(t.replyId)],
);

import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

const userRef = (name: string) =>
  integer(name)
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });

export const DEFAULT_FRIEND_GROUP = "Default";

/** Cocotree's friendship: two directed rows, each side with its own group for the other. */
export const friendships = sqliteTable(
  "friendships",
  {
    userId: userRef("user_id"),
    friendId: userRef("friend_id"),
    groupName: text("group_name").notNull().default(DEFAULT_FRIEND_GROUP),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.friendId] }), index("friendships_friend_idx").on(t.friendId)],
);

export const FRIEND_REQUEST_STATUSES = ["pending", "accepted", "rejected"] as const;
export type FriendRequestStatus = (typeof FRIEND_REQUEST_STATUSES)[number];

export const friendRequests = sqliteTable(
  "friend_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    fromUserId: userRef("from_user_id"),
    toUserId: userRef("to_user_id"),
    status: text("status", { enum: FRIEND_REQUEST_STATUSES }).notNull().default("pending"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // A repeated request while one is pending inserts nothing: the index, not a read-then-write, decides.
    uniqueIndex("friend_requests_pending_uq")
      .on(t.fromUserId, t.toUserId)
      .where(sql`${t.status} = 'pending'`),
    index("friend_requests_to_idx").on(t.toUserId, t.status, t.updatedAt),
    index("friend_requests_from_idx").on(t.fromUserId, t.status, t.updatedAt),
  ],
);

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Mail captured by the development transport instead of being sent. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    replyTo: text("reply_to"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("outbox_to_idx").on(t.to)],
);

import { sql } from "drizzle-orm";
import { index, integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/**
 * One row per contact mail sent (seed 000 `POST /api/v1/users/{username}/contact`): the
 * per-sender hourly cap counts these, and its insert is the cap's guard. Rows older than
 * the window are pruned by the next send of the same sender.
 */
export const contactMails = sqliteTable(
  "contact_mails",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    senderId: integer("sender_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    recipientId: integer("recipient_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("contact_mails_sender_idx").on(t.senderId, sql`${t.createdAt} DESC`),
    index("contact_mails_recipient_idx").on(t.recipientId),
  ],
);

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every admin action, from the panel or the JSON admin API, written in the same batch as the
 * action's own write. No foreign key to `users`: the record must outlive the admin and the
 * account it names (a deleted user's deletion stays on the log), so the actor's name is copied.
 */
export const adminAudit = sqliteTable(
  "admin_audit",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    /** `user.ban`, `application.approve`, `report.dismiss`, … */
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: integer("object_id").notNull(),
    ip: text("ip").notNull().default(""),
    /** A small JSON object (the fields changed, the decision); never a secret. */
    detail: text("detail").notNull().default("{}"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("admin_audit_object_idx").on(t.objectType, t.objectId)],
);

export type AdminAuditRow = typeof adminAudit.$inferSelect;

import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sessions } from "./sessions";
import { users } from "./users";

/** Twimbol creator applications: status 0 pending, 1 approved, 2 rejected. */
export const creatorApplications = sqliteTable(
  "creator_applications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: integer("status").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    reviewedAt: integer("reviewed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("creator_applications_user_idx").on(t.userId),
    index("creator_applications_status_idx").on(t.status, t.id),
  ],
);

/**
 * Every short code sent by mail (password reset, parental OTP): only an HMAC of the code
 * is stored, it expires, and it dies after a few wrong tries. `subject` scopes a code
 * beyond its user (e.g. the parent's email for a parental link).
 */
export const oneTimeCodes = sqliteTable(
  "one_time_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purpose: text("purpose", { enum: ["password_reset", "parent_link", "email_verification"] }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    subject: text("subject").notNull().default(""),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("one_time_codes_lookup_idx").on(t.purpose, t.userId, t.subject),
    index("one_time_codes_expires_idx").on(t.expiresAt),
  ],
);

/** A parent email verified for a child account. */
export const parentLinks = sqliteTable(
  "parent_links",
  {
    childId: integer("child_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    parentEmail: text("parent_email").notNull(),
    parentEmailKey: text("parent_email_key").notNull(),
    linkedAt: integer("linked_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.childId, t.parentEmailKey] })],
);

/**
 * Who asked for a parental OTP for which child and parent address, to cap the distinct
 * addresses one child and one client IP can have mailed a day. One row per triple, its
 * `created_at` refreshed on each request; rows older than the window are deleted.
 */
export const parentOtpRequests = sqliteTable(
  "parent_otp_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ip: text("ip").notNull(),
    childId: integer("child_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    emailKey: text("email_key").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("parent_otp_requests_ip_child_email_uq").on(t.ip, t.childId, t.emailKey),
    index("parent_otp_requests_child_idx").on(t.childId, t.emailKey),
    index("parent_otp_requests_created_idx").on(t.createdAt),
  ],
);

/** Refresh tokens rotated out of a session; presenting one again means it leaked (REFRESH_ROTATION). */
export const retiredRefreshTokens = sqliteTable(
  "retired_refresh_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    sessionId: integer("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("retired_refresh_tokens_session_idx").on(t.sessionId)],
);

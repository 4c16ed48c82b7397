import { SESSION_KINDS } from "./sessions";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/**
 * A user's TOTP secret (RFC 6238), one row per user. `confirmedAt` null is a pending
 * enrolment (shown, not yet proved with a code), which a new enrolment replaces; once set,
 * 2FA is on. The secret is stored AES-GCM encrypted (src/infra/totp-cipher.ts).
 * `lastStep` is the last 30-second step a code was accepted for: a code is only accepted for
 * a later step, by one `UPDATE … WHERE last_step < ?`, so a code is never accepted twice.
 */
export const totpSecrets = sqliteTable("totp_secrets", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretCiphertext: text("secret_ciphertext").notNull(),
  confirmedAt: timestamp("confirmed_at"),
  lastStep: integer("last_step").notNull().default(0),
  createdAt: timestamp("created_at").notNull(),
});

/** Single-use recovery codes, by SHA-256; a use deletes its row. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
  },
  (t) => [uniqueIndex("recovery_codes_user_code_uq").on(t.userId, t.codeHash)],
);

/**
 * The half-done login of a user with 2FA: the password was right, a code is still due.
 * `route` names the login route that issued it (only that route's answer completes it) and
 * `kind` the session it will start; `credentialsVersion` and `passwordHash` are what the
 * password was checked against, so a change in between voids the ticket. Single use: the
 * completing batch deletes it.
 */
export const mfaTickets = sqliteTable(
  "mfa_tickets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    route: text("route").notNull(),
    kind: text("kind", { enum: SESSION_KINDS }).notNull(),
    credentialsVersion: integer("credentials_version").notNull(),
    passwordHash: text("password_hash").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("mfa_tickets_token_hash_uq").on(t.tokenHash),
    index("mfa_tickets_expires_idx").on(t.expiresAt),
  ],
);

export type TotpSecretRow = typeof totpSecrets.$inferSelect;
export type MfaTicketRow = typeof mfaTickets.$inferSelect;

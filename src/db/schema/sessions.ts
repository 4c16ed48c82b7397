import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users";

export const SESSION_KINDS = ["cookie", "panel", "token", "cocotree", "key"] as const;

/**
 * What the old Django system issued, for a session carried over at the cutover (README "Moving in
 * from Django"): `refresh` a SimpleJWT refresh token exchanged here (it stays the session's refresh
 * token), `access` a SimpleJWT access token seen here, `session` an imported `django_session` row,
 * `drf` an imported DRF `Token` key, `unseen` the one row per imported user that stands for the
 * SimpleJWT tokens not yet presented (ending it, as every "end the other sessions" event does, ends them).
 * Such rows are accepted only while DJANGO_SECRET_KEY is set.
 */
export const DJANGO_ORIGINS = ["refresh", "access", "session", "drf", "unseen"] as const;

/**
 * A login. Cookie and panel sessions store the hash of the cookie value, token sessions the
 * hash of the refresh token, key sessions the hash of the key. Access JWTs name their session by its random `handle` in
 * `sid` (never the guessable row id), so deleting the row ends every credential issued
 * for that login.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /**
     * What the login handed out, which decides where its credential is accepted: `cookie` the API's
     * `sessionid`, `panel` the admin panel's `admin_session` (neither opens the other), `token`
     * Twimbol's access and refresh pair, `cocotree` one access JWT living as long as the row, `key`
     * a MediaCMS `Token <key>` (the key's hash is `secret_hash`).
     */
    kind: text("kind", { enum: SESSION_KINDS }).notNull(),
    secretHash: text("secret_hash").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    userAgent: text("user_agent").notNull().default(""),
    ip: text("ip").notNull().default(""),
    /** Always set by the Worker; nullable only because SQLite cannot add a NOT NULL column to filled rows (0003 backfills them). */
    handle: text("handle"),
    /** Null for this service's own logins; see DJANGO_ORIGINS. */
    django: text("django", { enum: DJANGO_ORIGINS }),
  },
  (t) => [
    uniqueIndex("sessions_secret_hash_uq").on(t.secretHash),
    uniqueIndex("sessions_handle_uq").on(t.handle),
    index("sessions_user_idx").on(t.userId),
    // The cron finds expired sessions to prune without a scan.
    index("sessions_expires_idx").on(t.expiresAt),
  ],
);

/**
 * Every SimpleJWT token (by `jti`) ever turned into a session here: a token is exchanged once, so
 * after its session ends (logout, password change, ban) presenting it again starts nothing.
 */
export const djangoTokenUses = sqliteTable("django_token_uses", {
  jti: text("jti").primaryKey(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }).notNull(),
});

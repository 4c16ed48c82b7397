import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The lockout counter of login names that match no account, so an unknown name is
 * refused exactly like a known one after five failures (no way to tell them apart).
 * Rows are pruned once their window is over.
 */
export const loginThrottles = sqliteTable(
  "login_throttles",
  {
    /** SHA-256 hex of the login key: bounded whatever name a client sends. */
    loginKey: text("login_key").primaryKey(),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
    guessesInFlight: integer("guesses_in_flight").notNull().default(0),
    guessesInFlightUntil: integer("guesses_in_flight_until", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("login_throttles_updated_idx").on(t.updatedAt)],
);

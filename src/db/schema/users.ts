import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { friendlyToken } from "../../infra/secrets";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
const flag = (name: string) => integer(name, { mode: "boolean" }).notNull().default(false);

/**
 * One account for every API. Profile fields of all four client APIs live here so a
 * field edited through one API reads back through the others.
 */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull(),
    /** NFKC + lower-case form of username: the case-insensitive unique key. */
    usernameKey: text("username_key").notNull(),
    email: text("email"),
    /** Lower-cased email, unique when present. */
    emailKey: text("email_key"),
    passwordHash: text("password_hash").notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    displayName: text("display_name").notNull().default(""),
    bio: text("bio").notNull().default(""),
    phone: text("phone").notNull().default(""),
    address: text("address").notNull().default(""),
    socialFacebook: text("social_facebook").notNull().default(""),
    socialTwitter: text("social_twitter").notNull().default(""),
    socialYoutube: text("social_youtube").notNull().default(""),
    socialLinks: text("social_links").notNull().default(""),
    homePage: text("home_page").notNull().default(""),
    location: text("location").notNull().default(""),
    userType: text("user_type").notNull().default("regular"),
    birthday: text("birthday"),
    avatarKey: text("avatar_key"),
    bannerKey: text("banner_key"),
    dateJoined: timestamp("date_joined").notNull(),
    lastLogin: timestamp("last_login"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    /**
     * Twimbol's profile switch: false after a Twimbol deactivation, which hides the account
     * and ends its sessions, and true again on the next successful login through any API.
     * Unlike `is_active` (Django's flag, the game's deactivation) it never refuses a login.
     */
    userStatus: integer("user_status", { mode: "boolean" }).notNull().default(true),
    isBanned: flag("is_banned"),
    isFeatured: flag("is_featured"),
    isEditor: flag("is_editor"),
    isManager: flag("is_manager"),
    advancedUser: flag("advanced_user"),
    emailIsVerified: flag("email_is_verified"),
    /** MediaCMS's switch: others may mail the user through `/api/v1/users/{username}/contact`. */
    allowContact: integer("allow_contact", { mode: "boolean" }).notNull().default(true),
    score: integer("score").notNull().default(0),
    /** Bumped whenever every credential of the user must die at once. */
    credentialsVersion: integer("credentials_version").notNull().default(1),
    /** Consecutive failed logins; the authoritative lockout counter. */
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until"),
    /** Posts, reels and videos by the user, and when the newest was made: kept by triggers on posts (migrations/0021). */
    mediaCount: integer("media_count").notNull().default(0),
    latestMediaAt: timestamp("latest_media_at"),
    /**
     * MediaCMS's default channel, made at sign-up: its friendly token, stable and random
     * (`/channel/<token>/edit`). Set by every insert through drizzle; a trigger fills it for
     * any other insert, and the migration that added it backfilled existing accounts.
     */
    channelToken: text("channel_token").$defaultFn(() => friendlyToken()),
    /** Password or code guesses being tested right now; with `failedLogins` never more than five (src/domain/auth/lockout.ts). */
    guessesInFlight: integer("guesses_in_flight").notNull().default(0),
    /** When the in-flight count stops counting: a guess whose request died never holds its slot past this. */
    guessesInFlightUntil: timestamp("guesses_in_flight_until"),
    /**
     * Set when the account is deleted: from then it is hidden and anonymised, and the cron
     * (src/domain/maintenance/purge-deleted.ts) removes what hangs on it in bounded chunks,
     * then the row itself.
     */
    deletedAt: timestamp("deleted_at"),
  },
  (t) => [
    uniqueIndex("users_username_key_uq").on(t.usernameKey),
    uniqueIndex("users_email_key_uq").on(t.emailKey),
    uniqueIndex("users_channel_token_uq").on(t.channelToken),
    index("users_leaderboard_idx").on(sql`${t.score} DESC`, t.id),
    // MediaCMS's directory in its order, visible accounts only (the literal is visibleAccountSql's).
    index("users_directory_idx")
      .on(
        sql`${t.advancedUser} DESC`,
        sql`${t.latestMediaAt} DESC`,
        sql`${t.dateJoined} DESC`,
        sql`${t.id} DESC`,
      )
      .where(sql.raw("is_active = 1 AND user_status = 1 AND is_banned = 0")),
    // The admin's "banned" and "inactive" lists, newest first: rare rows, found without walking every account.
    index("users_banned_idx")
      .on(sql`${t.id} DESC`)
      .where(sql.raw("is_banned = 1")),
    index("users_inactive_idx")
      .on(sql`${t.id} DESC`)
      .where(sql.raw("is_active = 0")),
    // The cron's queue of deleted accounts still being purged, oldest first.
    index("users_deleted_idx")
      .on(t.deletedAt)
      .where(sql`${t.deletedAt} IS NOT NULL`),
  ],
);

/** Role membership (`visitor`, `creator`, `admin`), Django's auth groups. */
export const userGroups = sqliteTable(
  "user_groups",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.name] }),
    index("user_groups_name_user_idx").on(t.name, sql`${t.userId} DESC`),
  ],
);

export type UserRow = typeof users.$inferSelect;

// seed 000 (MediaCMS): the public directory of accounts, and one public profile. Reads only.
import { and, desc, eq, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { posts, users, type UserRow } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { mapPage, pageOrThrow, readPage, type Page, type PageRequest } from "../lists/page";
import { usernameKey } from "./username";
import { isVisibleAccount, visibleAccount } from "./visible-account";

/** Only what anyone may see of an account: no email, phone, birthday or address is ever selected. */
const PUBLIC_COLUMNS = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  firstName: users.firstName,
  lastName: users.lastName,
  bio: users.bio,
  dateJoined: users.dateJoined,
  avatarKey: users.avatarKey,
  bannerKey: users.bannerKey,
  homePage: users.homePage,
  socialLinks: users.socialLinks,
  location: users.location,
  isFeatured: users.isFeatured,
  advancedUser: users.advancedUser,
  isEditor: users.isEditor,
  isManager: users.isManager,
  emailIsVerified: users.emailIsVerified,
  channelToken: users.channelToken,
};

type PublicRow = Pick<UserRow, keyof typeof PUBLIC_COLUMNS>;

export interface PublicUser extends PublicRow {
  /** The display name, else first and last name: one name, as MediaCMS's user has. */
  name: string;
  mediaCount: number;
}

export interface PublicUserQuery {
  page: PageRequest;
  /** Name or username, case-insensitive (SQLite's LIKE folds ASCII only), `%` and `_` literal. */
  search?: string;
  /** Exact. */
  location?: string;
}

export const nameOf = (row: Pick<PublicRow, "displayName" | "firstName" | "lastName">) => row.displayName || `${row.firstName} ${row.lastName}`.trim();

const likeEscaped = (s: string) => `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function listFilter({ search, location }: PublicUserQuery): SQL {
  const filters: SQL[] = [visibleAccount()!];
  if (search) {
    const pattern = likeEscaped(search);
    const like = (column: SQLWrapper) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
    filters.push(or(like(users.username), like(users.displayName), like(sql`trim(${users.firstName} || ' ' || ${users.lastName})`))!);
  }
  if (location) filters.push(eq(users.location, location));
  return and(...filters)!;
}

// Spelled out: in a single-table select drizzle writes `users.id` unqualified, which inside the subquery would mean posts.id.
const ofThisUser = sql`${posts.createdBy} = "users"."id"`;

/** Every post type counts: posts, reels and videos (uploaded or YouTube), as MediaCMS counts all media. */
const mediaCount = sql<number>`(SELECT count(*) FROM ${posts} WHERE ${ofThisUser})`.mapWith(Number);

/** When the user last posted anything; null (sorted last, newest first) for one who never did. */
const latestMediaAt = sql`(SELECT max(${posts.createdAt}) FROM ${posts} WHERE ${ofThisUser})`;

const LISTED_COLUMNS = { ...PUBLIC_COLUMNS, mediaCount };

/**
 * Visible accounts, advanced users first, then the most recent poster, then newest account,
 * then id. The count and the page (media counts included, as correlated subqueries on
 * posts' (created_by, created_at) index) are one D1 batch; a page past the end is the
 * `invalid_page` NOT_FOUND.
 */
export async function listPublicUsers(ctx: Ctx, query: PublicUserQuery): Promise<Page<PublicUser>> {
  const where = listFilter(query);
  const page = pageOrThrow(
    await readPage(ctx.deps.db, query.page, {
      count: ctx.deps.db.select({ count: sql<number>`count(*)` }).from(users).where(where),
      rows: ({ limit, offset }) =>
        ctx.deps.db
          .select(LISTED_COLUMNS)
          .from(users)
          .where(where)
          .orderBy(desc(users.advancedUser), sql`${latestMediaAt} DESC`, desc(users.dateJoined), desc(users.id))
          .limit(limit)
          .offset(offset),
    }),
  );
  return mapPage(page, (row) => ({ ...row, name: nameOf(row) }));
}

/** One visible account by username, compared by its case-folded key; anything else is the `user` NOT_FOUND. */
export async function findPublicUser(ctx: Ctx, { username }: { username: string }): Promise<PublicUser> {
  const row = await ctx.deps.db
    .select({ ...LISTED_COLUMNS, isActive: users.isActive, userStatus: users.userStatus, isBanned: users.isBanned })
    .from(users)
    .where(eq(users.usernameKey, usernameKey(username)))
    .get();
  if (!row || !isVisibleAccount(row)) throw new DomainError("NOT_FOUND", "user");
  const { isActive: _a, userStatus: _s, isBanned: _b, ...visible } = row;
  return { ...visible, name: nameOf(visible) };
}

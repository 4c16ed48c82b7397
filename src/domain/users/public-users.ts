// seed 000 (MediaCMS): the public directory of accounts, and one public profile. Reads only.
import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { listCounts, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { mapPage, pageOrThrow, readPage, type Page, type PageRequest } from "../lists/page";
import { PUBLIC_USER_COLUMNS, type PublicUserRow } from "./public-projection";
import { containsText } from "../lists/search";
import { usernameKey } from "./username";
import { isVisibleAccount } from "./visible-account";

export interface PublicUser extends PublicUserRow {
  /** The display name, else first and last name: one name, as MediaCMS's user has. */
  name: string;
  mediaCount: number;
}

export interface PublicUserQuery {
  page: PageRequest;
  /** Name or username, case-insensitive (ASCII only, as SQLite folds), `%` and `_` literal; at most SEARCH_MAX. */
  search?: string;
  /** Exact. */
  location?: string;
}

export const nameOf = (row: Pick<PublicUserRow, "displayName" | "firstName" | "lastName">) =>
  row.displayName || `${row.firstName} ${row.lastName}`.trim();

/** Visible accounts, as a literal: the directory's partial index (users_directory_idx) repeats it. */
const listedAccount = sql.raw("is_active = 1 AND user_status = 1 AND is_banned = 0");

/** The directory's order, which its index holds: advanced users, latest media (none last), newest account. */
const DIRECTORY_ORDER = [
  desc(users.advancedUser),
  desc(users.latestMediaAt),
  desc(users.dateJoined),
  desc(users.id),
];

/**
 * A `?search=` or `?location=` looks among the first this many accounts of the directory only:
 * neither has an index to use, so an uncapped filter reads every account (README "Paging").
 */
export const DIRECTORY_FILTER_WINDOW = 2000;

function filterOf({ search, location }: PublicUserQuery): SQL | undefined {
  const filters: SQL[] = [];
  if (search) {
    const fullName = sql`trim(${users.firstName} || ' ' || ${users.lastName})`;
    filters.push(
      or(
        containsText(users.username, search),
        containsText(users.displayName, search),
        containsText(fullName, search),
      )!,
    );
  }
  if (location) filters.push(eq(users.location, location));
  if (!filters.length) return undefined;
  const window = sql`${users.id} IN (SELECT ${users.id} FROM ${users} WHERE ${listedAccount} ORDER BY ${sql.join(DIRECTORY_ORDER, sql`, `)} LIMIT ${DIRECTORY_FILTER_WINDOW})`;
  return and(window, ...filters);
}

const LISTED_COLUMNS = { ...PUBLIC_USER_COLUMNS, mediaCount: users.mediaCount };

/**
 * Visible accounts, advanced users first, then the most recent poster, then newest account,
 * then id: a range of the directory's index over the kept `latest_media_at` and `media_count`.
 * The count (kept in list_counts, or counted within the filter window) and the page are one
 * D1 batch; a page past the end is the `invalid_page` NOT_FOUND.
 */
export async function listPublicUsers(ctx: Ctx, query: PublicUserQuery): Promise<Page<PublicUser>> {
  const { db } = ctx.deps;
  const filter = filterOf(query);
  const where = and(listedAccount, filter);
  const page = pageOrThrow(
    await readPage(db, query.page, {
      count: filter
        ? db
            .select({ count: sql<number>`count(*)` })
            .from(users)
            .where(where)
        : db.select({ count: listCounts.n }).from(listCounts).where(eq(listCounts.name, "users:visible")),
      rows: ({ limit, offset }) =>
        db
          .select(LISTED_COLUMNS)
          .from(users)
          .where(where)
          .orderBy(...DIRECTORY_ORDER)
          .limit(limit)
          .offset(offset),
    }),
  );
  return mapPage(page, (row) => ({ ...row, name: nameOf(row) }));
}

/** One visible account by username, compared by its case-folded key; anything else is the `user` NOT_FOUND. */
export async function findPublicUser(ctx: Ctx, { username }: { username: string }): Promise<PublicUser> {
  const row = await ctx.deps.db
    .select({
      ...LISTED_COLUMNS,
      isActive: users.isActive,
      userStatus: users.userStatus,
      isBanned: users.isBanned,
    })
    .from(users)
    .where(eq(users.usernameKey, usernameKey(username)))
    .get();
  if (!row || !isVisibleAccount(row)) throw new DomainError("NOT_FOUND", "user");
  const { isActive: _a, userStatus: _s, isBanned: _b, ...visible } = row;
  return { ...visible, name: nameOf(visible) };
}

import { and, asc, count, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { creatorApplications, sessions, userGroups, users, type UserRow } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { ADMIN_FILTER_WINDOW, keptCount } from "../lists/kept-counts";
import { readPage, type PageOutcome } from "../lists/page";
import { requireAdmin } from "../policy/ownership";
import { KNOWN_GROUPS } from "./update-user";
import { standingAccount } from "../users/erase-account";

export const USERS_PAGE_SIZE = 50;
export const USER_STATES = ["active", "inactive", "banned"] as const;

export interface UserFilter {
  /** Part of the username or the email, any case. */
  q?: string;
  state?: (typeof USER_STATES)[number];
  group?: (typeof KNOWN_GROUPS)[number];
  /** The order of the unfiltered list (a filtered one is newest first); default `-joined`. */
  sort?: UserSort;
  page: number;
}

/**
 * The orders the unfiltered list offers, each an index walked forwards or backwards and stopped
 * by the page's LIMIT (the rowid, users_username_key_uq, users_leaderboard_idx): no sort, no scan.
 */
export const USER_SORTS = {
  joined: [asc(users.id)],
  "-joined": [desc(users.id)],
  username: [asc(users.usernameKey)],
  "-username": [desc(users.usernameKey)],
  score: [asc(users.score), desc(users.id)],
  "-score": [desc(users.score), asc(users.id)],
} as const satisfies Record<string, SQL[]>;
export type UserSort = keyof typeof USER_SORTS;

export interface ListedUser {
  user: UserRow;
  groups: string[];
}

const groupsOf = sql<
  string | null
>`(SELECT group_concat(${userGroups.name}) FROM ${userGroups} WHERE ${userGroups.userId} = ${users.id})`;
const splitGroups = (value: string | null) => (value ? value.split(",").sort() : []);

/** As literals, so the planner can use the partial indexes of the rare states (users_banned_idx, users_inactive_idx). */
const STATE_SQL = {
  active: sql.raw("is_active = 1 AND is_banned = 0"),
  inactive: sql.raw("is_active = 0"),
  banned: sql.raw("is_banned = 1"),
} as const satisfies Record<(typeof USER_STATES)[number], SQL>;

/**
 * A search, or a state and a group together, has no index to walk: it looks among the newest
 * ADMIN_FILTER_WINDOW accounts, plus an account whose username or email is exactly the text
 * at any age, and counts within those.
 */
function windowed({ q, state, group }: UserFilter): SQL {
  const needle = q?.trim().toLowerCase();
  const newest = sql`SELECT ${users.id} FROM ${users} ORDER BY ${users.id} DESC LIMIT ${ADMIN_FILTER_WINDOW}`;
  const exact = needle
    ? sql` UNION SELECT ${users.id} FROM ${users} WHERE ${users.usernameKey} = ${needle} UNION SELECT ${users.id} FROM ${users} WHERE ${users.emailKey} = ${needle}`
    : sql``;
  const conditions: SQL[] = [sql`${users.id} IN (SELECT id FROM (${newest})${exact})`];
  // instr, not LIKE: a `%` or `_` the admin types is searched for as itself.
  if (needle)
    conditions.push(
      sql`(instr(${users.usernameKey}, ${needle}) > 0 OR instr(coalesce(${users.emailKey}, ''), ${needle}) > 0)`,
    );
  if (state) conditions.push(STATE_SQL[state]);
  if (group)
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${userGroups} WHERE ${userGroups.userId} = ${users.id} AND ${userGroups.name} = ${group})`,
    );
  return and(...conditions)!;
}

const LISTED = { user: getTableColumns(users), groups: groupsOf };

/**
 * Users newest first, 50 a page: the count and the page in one batch. Unfiltered, by state or
 * by group, the count is kept (list_counts) and the page walks an index; anything else is
 * windowed (see `windowed`).
 */
export async function listUsers(ctx: Ctx, filter: UserFilter): Promise<PageOutcome<ListedUser>> {
  requireAdmin(ctx);
  const { db } = ctx.deps;
  const page = { page: filter.page, pageSize: USERS_PAGE_SIZE };
  const searched = Boolean(filter.q?.trim());
  let outcome: PageOutcome<{ user: UserRow; groups: string | null }>;
  if (!searched && filter.group && !filter.state) {
    const group = filter.group;
    outcome = await readPage(db, page, {
      count: keptCount(db, [`group:${group}`]),
      rows: ({ limit, offset }) =>
        db
          .select(LISTED)
          .from(userGroups)
          .innerJoin(users, eq(users.id, userGroups.userId))
          .where(eq(userGroups.name, group))
          .orderBy(desc(userGroups.userId))
          .limit(limit)
          .offset(offset),
    });
  } else if (!searched && !filter.group) {
    const condition = filter.state ? STATE_SQL[filter.state] : undefined;
    outcome = await readPage(db, page, {
      count: keptCount(db, [`users:${filter.state ?? "all"}`]),
      rows: ({ limit, offset }) =>
        db
          .select(LISTED)
          .from(users)
          .where(condition)
          .orderBy(...(condition ? USER_SORTS["-joined"] : USER_SORTS[filter.sort ?? "-joined"]))
          .limit(limit)
          .offset(offset),
    });
  } else {
    const condition = windowed(filter);
    outcome = await readPage(db, page, {
      count: db.select({ count: count() }).from(users).where(condition),
      rows: ({ limit, offset }) =>
        db.select(LISTED).from(users).where(condition).orderBy(desc(users.id)).limit(limit).offset(offset),
    });
  }
  if (outcome.kind !== "page") return outcome;
  return {
    kind: "page",
    page: {
      ...outcome.page,
      rows: outcome.page.rows.map((r) => ({ user: r.user, groups: splitGroups(r.groups) })),
    },
  };
}

export interface UserDetail extends ListedUser {
  liveSessions: number;
  applications: (typeof creatorApplications.$inferSelect)[];
}

/** One user with groups, live sessions and creator applications, in one batch. */
export async function adminUserDetail(ctx: Ctx, { userId }: { userId: number }): Promise<UserDetail> {
  requireAdmin(ctx);
  const { db, clock } = ctx.deps;
  if (!Number.isSafeInteger(userId)) throw new DomainError("NOT_FOUND", "user");
  const [rows, live, applications] = await db.batch([
    db
      .select({ user: getTableColumns(users), groups: groupsOf })
      .from(users)
      .where(standingAccount(userId)),
    db
      .select({ count: count() })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > ${clock.now().getTime()}`)),
    db
      .select()
      .from(creatorApplications)
      .where(eq(creatorApplications.userId, userId))
      .orderBy(desc(creatorApplications.id))
      .limit(20),
  ]);
  const row = rows[0];
  if (!row) throw new DomainError("NOT_FOUND", "user");
  return {
    user: row.user,
    groups: splitGroups(row.groups),
    liveSessions: Number(live[0]?.count ?? 0),
    applications,
  };
}

import { and, count, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { creatorApplications, sessions, userGroups, users, type UserRow } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
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
  page: number;
}

export interface ListedUser {
  user: UserRow;
  groups: string[];
}

const groupsOf = sql<string | null>`(SELECT group_concat(${userGroups.name}) FROM ${userGroups} WHERE ${userGroups.userId} = ${users.id})`;
const splitGroups = (value: string | null) => (value ? value.split(",").sort() : []);

function where({ q, state, group }: UserFilter): SQL | undefined {
  const conditions: SQL[] = [];
  const needle = q?.trim().toLowerCase();
  // instr, not LIKE: a `%` or `_` the admin types is searched for as itself.
  if (needle) conditions.push(sql`(instr(${users.usernameKey}, ${needle}) > 0 OR instr(coalesce(${users.emailKey}, ''), ${needle}) > 0)`);
  if (state === "active") conditions.push(and(eq(users.isActive, true), eq(users.isBanned, false))!);
  if (state === "inactive") conditions.push(eq(users.isActive, false));
  if (state === "banned") conditions.push(eq(users.isBanned, true));
  if (group) conditions.push(sql`EXISTS (SELECT 1 FROM ${userGroups} WHERE ${userGroups.userId} = ${users.id} AND ${userGroups.name} = ${group})`);
  return conditions.length ? and(...conditions) : undefined;
}

/** Users newest first, 50 a page: the count and the page in one batch. */
export async function listUsers(ctx: Ctx, filter: UserFilter): Promise<PageOutcome<ListedUser>> {
  requireAdmin(ctx);
  const { db } = ctx.deps;
  const condition = where(filter);
  const outcome = await readPage(db, { page: filter.page, pageSize: USERS_PAGE_SIZE }, {
    count: db.select({ count: count() }).from(users).where(condition),
    rows: ({ limit, offset }) =>
      db.select({ user: getTableColumns(users), groups: groupsOf }).from(users).where(condition).orderBy(desc(users.id)).limit(limit).offset(offset),
  });
  if (outcome.kind !== "page") return outcome;
  return { kind: "page", page: { ...outcome.page, rows: outcome.page.rows.map((r) => ({ user: r.user, groups: splitGroups(r.groups) })) } };
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
    db.select({ user: getTableColumns(users), groups: groupsOf }).from(users).where(standingAccount(userId)),
    db.select({ count: count() }).from(sessions).where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > ${clock.now().getTime()}`)),
    db.select().from(creatorApplications).where(eq(creatorApplications.userId, userId)).orderBy(desc(creatorApplications.id)).limit(20),
  ]);
  const row = rows[0];
  if (!row) throw new DomainError("NOT_FOUND", "user");
  return { user: row.user, groups: splitGroups(row.groups), liveSessions: Number(live[0]?.count ?? 0), applications };
}

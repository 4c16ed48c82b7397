import { and, eq, getTableColumns, gt, sql } from "drizzle-orm";
import { sessions, userGroups, users } from "../../db/schema";
import { verifyAccessToken } from "../../infra/jwt";
import { sha256Hex } from "../../infra/secrets";
import type { Deps } from "../deps";
import { jwtSettings } from "./sessions";
import type { Viewer } from "./viewer";

/** One query: the user, its groups and the live session, or nothing. */
function selectViewer(deps: Deps) {
  return deps.db
    .select({
      user: getTableColumns(users),
      groups: sql<string | null>`(SELECT group_concat(${userGroups.name}) FROM ${userGroups} WHERE ${userGroups.userId} = ${users.id})`,
      sessionId: sessions.id,
      kind: sessions.kind,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId));
}

type ViewerRow = Awaited<ReturnType<ReturnType<typeof selectViewer>["get"]>>;

function toViewer(row: ViewerRow): Viewer | null {
  if (!row || !row.user.isActive || row.user.isBanned) return null;
  return { user: row.user, groups: row.groups ? row.groups.split(",") : [], sessionId: row.sessionId, via: row.kind };
}

export async function viewerFromAccessToken(deps: Deps, token: string): Promise<Viewer | null> {
  const now = deps.clock.now();
  const claims = await verifyAccessToken(token, jwtSettings(deps), now);
  if (!claims) return null;
  const userId = Number(claims.sub);
  if (!Number.isSafeInteger(userId)) return null;
  const row = await selectViewer(deps)
    .where(
      and(
        eq(sessions.handle, claims.sid),
        eq(sessions.userId, userId),
        gt(sessions.expiresAt, now),
        eq(users.credentialsVersion, claims.cv),
      ),
    )
    .get();
  return toViewer(row);
}

export async function viewerFromSessionCookie(deps: Deps, cookieValue: string): Promise<Viewer | null> {
  if (!cookieValue || cookieValue.length > 128) return null;
  const row = await selectViewer(deps)
    .where(
      and(
        eq(sessions.secretHash, await sha256Hex(cookieValue)),
        eq(sessions.kind, "cookie"),
        gt(sessions.expiresAt, deps.clock.now()),
      ),
    )
    .get();
  return toViewer(row);
}

import { and, eq, getTableColumns, gt, inArray, sql } from "drizzle-orm";
import { sessions, userGroups, users } from "../../db/schema";
import { verifyAccessToken } from "../../infra/jwt";
import { sha256Hex } from "../../infra/secrets";
import type { Deps } from "../deps";
import { adoptDjangoToken, djangoRowsAccepted, verifiedDjangoToken } from "./django-tokens";
import { jwtSettings, type SessionKind } from "./sessions";
import type { Viewer } from "./viewer";

/** One query: the user, its groups and the live session, or nothing. */
function selectViewer(deps: Deps) {
  return deps.db
    .select({
      user: getTableColumns(users),
      groups: sql<
        string | null
      >`(SELECT group_concat(${userGroups.name}) FROM ${userGroups} WHERE ${userGroups.userId} = ${users.id})`,
      sessionId: sessions.id,
      kind: sessions.kind,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId));
}

type ViewerRow = Awaited<ReturnType<ReturnType<typeof selectViewer>["get"]>>;

function toViewer(row: ViewerRow): Viewer | null {
  if (!row || !row.user.isActive || row.user.isBanned) return null;
  return {
    user: row.user,
    groups: row.groups ? row.groups.split(",") : [],
    sessionId: row.sessionId,
    via: row.kind,
  };
}

export async function viewerFromAccessToken(deps: Deps, token: string): Promise<Viewer | null> {
  const now = deps.clock.now();
  const claims = await verifyAccessToken(token, jwtSettings(deps), now);
  if (!claims) return viewerFromDjangoAccessToken(deps, token);
  const userId = Number(claims.sub);
  if (!Number.isSafeInteger(userId)) return null;
  const row = await selectViewer(deps)
    .where(
      and(
        eq(sessions.handle, claims.sid),
        eq(sessions.userId, userId),
        // Access JWTs are issued for API logins only: never for a panel sign-in or an API key. A
        // `cookie` session (the game's login) gets one from Cocotree's details edit, which answers a
        // token for the caller's own session (test/http/cookie-session-jwt.test.ts).
        inArray(sessions.kind, ["token", "cocotree", "cookie"]),
        gt(sessions.expiresAt, now),
        eq(users.credentialsVersion, claims.cv),
        djangoRowsAccepted(deps),
      ),
    )
    .get();
  return toViewer(row);
}

/**
 * A session cookie of its kind: the API's `sessionid` opens only `cookie` sessions and the
 * panel's `admin_session` only `panel` ones, so neither cookie works on the other side.
 */
export async function viewerFromSessionCookie(
  deps: Deps,
  cookieValue: string,
  kind: Extract<SessionKind, "cookie" | "panel">,
): Promise<Viewer | null> {
  return viewerFromSecret(deps, cookieValue, kind);
}

/** A MediaCMS `Token <key>`: its own session row, checked like any other on every request. */
export async function viewerFromApiKey(deps: Deps, key: string): Promise<Viewer | null> {
  return viewerFromSecret(deps, key, "key");
}

async function viewerFromSecret(deps: Deps, secret: string, kind: SessionKind): Promise<Viewer | null> {
  if (!secret || secret.length > 128) return null;
  const row = await selectViewer(deps)
    .where(
      and(
        eq(sessions.secretHash, await sha256Hex(secret)),
        eq(sessions.kind, kind),
        gt(sessions.expiresAt, deps.clock.now()),
        djangoRowsAccepted(deps),
      ),
    )
    .get();
  return toViewer(row);
}

/** A SimpleJWT access token of the old Django system (only while DJANGO_SECRET_KEY is set), until its `exp`. */
async function viewerFromDjangoAccessToken(deps: Deps, token: string): Promise<Viewer | null> {
  const claims = await verifiedDjangoToken(deps, token, "access");
  if (!claims) return null;
  const secretHash = await sha256Hex(token);
  const find = () =>
    selectViewer(deps)
      .where(
        and(
          eq(sessions.secretHash, secretHash),
          eq(sessions.django, "access"),
          eq(sessions.userId, claims.userId),
          gt(sessions.expiresAt, deps.clock.now()),
        ),
      )
      .get();
  const seen = await find();
  if (seen) return toViewer(seen);
  await adoptDjangoToken(deps, claims, "access", secretHash);
  return toViewer(await find());
}

import { and, eq, isNull, sql } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { djangoTokenUses, sessions, users } from "../../db/schema";
import { verifyDjangoToken, type DjangoTokenClaims } from "../../infra/django-jwt";
import { randomToken, sha256Hex } from "../../infra/secrets";
import type { Deps } from "../deps";

/**
 * The `secret_hash` of an imported user's `unseen` row. Not a SHA-256 hex, so no presented
 * secret ever matches it: the row only answers "may this user's unseen SimpleJWT tokens still be
 * turned into sessions?". `npm run import` writes the same value (scripts/import/plan.ts).
 */
const UNSEEN_PREFIX = "django:unseen:";
export const unseenTokensKey = (userId: number) => `${UNSEEN_PREFIX}${userId}`;

/**
 * "Some imported user's `unseen` row still stands", as a condition: while none does, no SimpleJWT
 * token can become a session (adoptDjangoToken), so no record of a used one is needed. A range
 * of the unique `secret_hash` index (`;` follows `:`), so it reads only `unseen` rows.
 */
export const someUnseenTokensStand = (now: Date) =>
  sql`EXISTS (SELECT 1 FROM ${sessions} WHERE ${sessions.secretHash} >= ${UNSEEN_PREFIX} AND ${sessions.secretHash} < ${"django:unseen;"} AND ${sessions.expiresAt} > ${now.getTime()})`;

/**
 * The condition every session lookup adds: rows the old Django system issued count only while
 * DJANGO_SECRET_KEY is set, so removing the secret ends all of them at once, and without it none
 * is ever accepted. Undefined (no condition) while it is set.
 */
export const djangoRowsAccepted = (deps: Deps) =>
  deps.config.djangoSecretKey ? undefined : isNull(sessions.django);

/**
 * Turns a SimpleJWT token into a session row (an access token on its first use, so logout, a
 * password change or a ban end it like any other; a refresh token at its exchange) of this service, once per `jti`: the row and the
 * record of the jti are one batch, and the row goes in only if the jti was never used, the
 * account is active and not banned, and the user's `unseen` row still stands (a password change,
 * a reset, a ban or "end all sessions" since the cutover deleted it). Parallel first uses of one
 * token therefore make one session. Answers nothing: the caller looks the session up by the
 * token's hash, as it would any other.
 */
export async function adoptDjangoToken(
  deps: Deps,
  claims: DjangoTokenClaims,
  origin: "access" | "refresh",
  secretHash: string,
) {
  const now = deps.clock.now();
  const { userId, jti } = claims;
  const neverUsed = sql`NOT EXISTS (SELECT 1 FROM ${djangoTokenUses} WHERE ${djangoTokenUses.jti} = ${jti})`;
  const unseenStands = sql`EXISTS (SELECT 1 FROM ${sessions} WHERE ${sessions.secretHash} = ${unseenTokensKey(userId)} AND ${sessions.expiresAt} > ${now.getTime()})`;
  await deps.db.batch([
    guardedInsert(
      deps.db,
      sessions,
      {
        userId: users.id,
        kind: "token",
        secretHash,
        createdAt: now,
        expiresAt: claims.expiresAt,
        // Access tokens of this service name it by handle (refreshing, a Cocotree details edit).
        handle: randomToken(16),
        django: origin,
      },
      {
        from: users,
        where: and(
          eq(users.id, userId),
          eq(users.isActive, true),
          eq(users.isBanned, false),
          neverUsed,
          unseenStands,
        ),
      },
    ),
    deps.db.insert(djangoTokenUses).values({ jti, usedAt: now }).onConflictDoNothing(),
  ]);
}

/**
 * A SimpleJWT refresh token of the old system, presented at the refresh route for the first time:
 * verified with DJANGO_SECRET_KEY and exchanged for a `token` session whose refresh token it then
 * is. Twimbol's clients store only the `access` of a refresh answer and keep presenting the refresh
 * token they had, as the original (ROTATE_REFRESH_TOKENS off) allowed for its whole lifetime; a
 * token that worked once and never again would sign every one of them out at their next refresh.
 * Answers whether the token verified (its session may still have been refused).
 */
export async function exchangeDjangoRefreshToken(deps: Deps, token: string): Promise<boolean> {
  const claims = await verifiedDjangoToken(deps, token, "refresh");
  if (!claims) return false;
  await adoptDjangoToken(deps, claims, "refresh", await sha256Hex(token));
  return true;
}

/** The claims of a SimpleJWT token of the old system, if DJANGO_SECRET_KEY is set and it verifies with it. */
export async function verifiedDjangoToken(
  deps: Deps,
  token: string,
  type: "access" | "refresh",
): Promise<DjangoTokenClaims | null> {
  const secret = deps.config.djangoSecretKey;
  if (!secret || !token.includes(".")) return null;
  return verifyDjangoToken(token, secret, type, deps.clock.now());
}

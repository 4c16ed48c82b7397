import { and, eq, gt, isNull, or } from "drizzle-orm";
import { retiredRefreshTokens, sessions, users } from "../../db/schema";
import { randomToken, sha256Hex } from "../../infra/secrets";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { isUniqueViolation } from "../users/unique-violation";
import { djangoRowsAccepted, exchangeDjangoRefreshToken } from "./django-tokens";
import { endSession, issueAccessToken } from "./sessions";

export interface Refreshed {
  access: string;
  /** Only with REFRESH_ROTATION: the token that replaces the one presented. */
  refresh?: string;
}

/**
 * Trades a refresh token for a new access token. By default the refresh token stays
 * valid until it expires or its session ends, because the documented answer carries no
 * new one. With rotation on, each use replaces it, and presenting a retired token
 * again (a sign it leaked) ends the whole session.
 */
export async function refreshAccess(
  { deps }: Ctx,
  { refreshToken }: { refreshToken: string },
): Promise<Refreshed> {
  const now = deps.clock.now();
  const tokenHash = await sha256Hex(refreshToken);
  const find = () =>
    deps.db
      .select({
        sessionId: sessions.id,
        handle: sessions.handle,
        kind: sessions.kind,
        expiresAt: sessions.expiresAt,
        userId: users.id,
        credentialsVersion: users.credentialsVersion,
        isActive: users.isActive,
        isBanned: users.isBanned,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      // A Django access token's row is not a refresh token's, though both are `token` sessions.
      .where(
        and(
          eq(sessions.secretHash, tokenHash),
          eq(sessions.kind, "token"),
          gt(sessions.expiresAt, now),
          or(isNull(sessions.django), eq(sessions.django, "refresh")),
          djangoRowsAccepted(deps),
        ),
      )
      .get();
  // A SimpleJWT refresh token of the old system becomes this session's refresh token at its first use.
  const row =
    (await find()) ?? ((await exchangeDjangoRefreshToken(deps, refreshToken)) ? await find() : undefined);

  if (!row || !row.handle || !row.isActive || row.isBanned) {
    if (deps.config.refreshRotation) await endSessionOfRetiredToken(deps, tokenHash);
    throw new DomainError("UNAUTHENTICATED", "token_invalid");
  }
  const user = { id: row.userId, credentialsVersion: row.credentialsVersion };
  const session = { handle: row.handle, kind: row.kind, expiresAt: row.expiresAt };
  if (!deps.config.refreshRotation) return { access: await issueAccessToken(deps, user, session) };

  const next = randomToken();
  const rotated = await rotate(deps, row.sessionId, tokenHash, next, now);
  // A concurrent refresh with the same token won the race: that is reuse too.
  if (!rotated) {
    await endSession(deps, row.sessionId);
    throw new DomainError("UNAUTHENTICATED", "token_invalid");
  }
  return { access: await issueAccessToken(deps, user, session), refresh: next };
}

async function rotate(
  deps: Deps,
  sessionId: number,
  tokenHash: string,
  next: string,
  now: Date,
): Promise<boolean> {
  try {
    const [, rotated] = await deps.db.batch([
      deps.db.insert(retiredRefreshTokens).values({ tokenHash, sessionId, retiredAt: now }),
      deps.db
        .update(sessions)
        .set({ secretHash: await sha256Hex(next) })
        .where(and(eq(sessions.id, sessionId), eq(sessions.secretHash, tokenHash)))
        .returning({ id: sessions.id }),
    ]);
    return rotated.length > 0;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

async function endSessionOfRetiredToken(deps: Deps, tokenHash: string) {
  const retired = await deps.db
    .select()
    .from(retiredRefreshTokens)
    .where(eq(retiredRefreshTokens.tokenHash, tokenHash))
    .get();
  if (retired) await endSession(deps, retired.sessionId);
}

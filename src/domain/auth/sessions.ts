import { eq, sql } from "drizzle-orm";
import { sessions, users } from "../../db/schema";
import { signAccessToken } from "../../infra/jwt";
import { randomToken, sha256Hex } from "../../infra/secrets";
import type { Deps } from "../deps";

export interface ClientInfo {
  userAgent?: string;
  ip?: string;
}

const jwtSettings = (deps: Deps) => ({
  secret: deps.config.jwtSecret,
  issuer: deps.config.jwtIssuer,
  audience: deps.config.jwtAudience,
});

async function insertSession(deps: Deps, userId: number, kind: "cookie" | "token", ttlSeconds: number, client: ClientInfo) {
  const secret = randomToken();
  const now = deps.clock.now();
  const row = await deps.db
    .insert(sessions)
    .values({
      userId,
      kind,
      secretHash: await sha256Hex(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      userAgent: (client.userAgent ?? "").slice(0, 256),
      ip: client.ip ?? "",
    })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt })
    .get();
  return { secret, sessionId: row.id, expiresAt: row.expiresAt };
}

/** A browser login: the returned secret is the `sessionid` cookie value. */
export function startCookieSession(deps: Deps, userId: number, client: ClientInfo) {
  return insertSession(deps, userId, "cookie", deps.config.sessionTtlSeconds, client);
}

export interface TokenPair {
  access: string;
  refresh: string;
  sessionId: number;
}

/** A token login: a short-lived access JWT and an opaque refresh token bound to one session. */
export async function startTokenSession(
  deps: Deps,
  user: { id: number; credentialsVersion: number },
  client: ClientInfo,
): Promise<TokenPair> {
  const { secret, sessionId } = await insertSession(deps, user.id, "token", deps.config.refreshTokenTtlSeconds, client);
  const access = await issueAccessToken(deps, user, sessionId);
  return { access, refresh: secret, sessionId };
}

export function issueAccessToken(deps: Deps, user: { id: number; credentialsVersion: number }, sessionId: number) {
  return signAccessToken(
    { sub: String(user.id), sid: sessionId, cv: user.credentialsVersion },
    jwtSettings(deps),
    deps.config.accessTokenTtlSeconds,
    deps.clock.now(),
  );
}

export async function endSession(deps: Deps, sessionId: number) {
  const ended = await deps.db.delete(sessions).where(eq(sessions.id, sessionId)).returning({ userId: sessions.userId });
  for (const { userId } of ended) closeEndedSockets(deps, userId);
}

/**
 * Call once sessions have ended (the batch has committed): the user's live notification
 * sockets on them close now instead of at their hub's next periodic re-check.
 */
export function closeEndedSockets(deps: Deps, userId: number) {
  deps.defer(deps.hub.closeEndedSessions(userId));
}

/**
 * Statements that end every session and token of a user at once; callers put them in
 * the same batch as the change that requires it (password, deactivation, ban), then
 * call `closeEndedSockets` once it has committed.
 */
export function revokeAllStatements(deps: Deps, userId: number) {
  return [
    deps.db
      .update(users)
      .set({ credentialsVersion: sql`${users.credentialsVersion} + 1` })
      .where(eq(users.id, userId)),
    deps.db.delete(sessions).where(eq(sessions.userId, userId)),
  ] as const;
}

export { jwtSettings };

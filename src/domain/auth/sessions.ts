import { and, eq, ne, sql, type SQL } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { SESSION_KINDS, sessions, users } from "../../db/schema";
import { signAccessToken } from "../../infra/jwt";
import { randomToken, sha256Hex } from "../../infra/secrets";
import type { Deps } from "../deps";
import { DomainError } from "../errors";

export interface ClientInfo {
  userAgent?: string;
  ip?: string;
}

const jwtSettings = (deps: Deps) => ({
  secret: deps.config.jwtSecret,
  issuer: deps.config.jwtIssuer,
  audience: deps.config.jwtAudience,
});

export type SessionKind = (typeof SESSION_KINDS)[number];
/** The kinds whose login answers access JWTs (naming the session by `sid`). */
export type JwtSessionKind = "token" | "cocotree";
export const answersJwt = (kind: SessionKind): kind is JwtSessionKind =>
  kind === "token" || kind === "cocotree";

/** A key that never expires on its own still needs an `expires_at`: the last instant a Date holds in the column. */
const NEVER = new Date("9999-12-31T23:59:59.999Z").getTime();

/** How long a new session of each kind lives (README "Configuration"); logout, a password change or reset, a ban end any of them sooner. */
function lifetimeMs(deps: Deps, kind: SessionKind): number | null {
  const { config } = deps;
  switch (kind) {
    case "cookie":
    case "panel":
      return config.sessionTtlSeconds * 1000;
    case "token":
      return config.refreshTokenTtlSeconds * 1000;
    case "cocotree":
      return config.cocotreeTokenTtlSeconds * 1000;
    case "key":
      return config.apiKeyTtlSeconds ? config.apiKeyTtlSeconds * 1000 : null;
  }
}

export interface StartedSession {
  /** The cookie value or the refresh token: only its hash is stored. */
  secret: string;
  sessionId: number;
  /** What access tokens carry in `sid`: random, so a token names no guessable row. */
  handle: string;
  kind: SessionKind;
  expiresAt: Date;
}

/**
 * The INSERT of a new session, made only if `guard` (a condition on the user's row)
 * holds when it runs: a login puts it in the batch of its success write, so a session
 * can never be created against credentials that changed while the password was hashed.
 */
export async function sessionInsert(
  deps: Deps,
  userId: number,
  kind: SessionKind,
  client: ClientInfo,
  guard?: SQL,
) {
  const secret = randomToken();
  const handle = randomToken(16);
  const now = deps.clock.now().getTime();
  const lifetime = lifetimeMs(deps, kind);
  const expiresAt = lifetime === null ? NEVER : now + lifetime;
  const statement = guardedInsert(
    deps.db,
    sessions,
    {
      userId: users.id,
      kind,
      secretHash: await sha256Hex(secret),
      createdAt: new Date(now),
      expiresAt: new Date(expiresAt),
      userAgent: (client.userAgent ?? "").slice(0, 256),
      ip: client.ip ?? "",
      handle,
    },
    { from: users, where: guard ? and(eq(users.id, userId), guard) : eq(users.id, userId) },
  ).returning({ id: sessions.id });
  const started = (id: number): StartedSession => ({
    secret,
    sessionId: id,
    handle,
    kind,
    expiresAt: new Date(expiresAt),
  });
  return { statement, started };
}

async function startSession(deps: Deps, userId: number, kind: SessionKind, client: ClientInfo) {
  const { statement, started } = await sessionInsert(deps, userId, kind, client);
  const [row] = await statement;
  if (!row) throw new DomainError("NOT_FOUND", "user");
  return started(row.id);
}

export interface TokenPair {
  access: string;
  refresh: string;
  sessionId: number;
  handle: string;
}

/** A token session for an account whose credentials were already checked (registration, test factories; every login goes through `logIn`). */
export async function startTokenSession(
  deps: Deps,
  user: { id: number; credentialsVersion: number },
  client: ClientInfo,
  kind: JwtSessionKind = "token",
): Promise<TokenPair> {
  const session = await startSession(deps, user.id, kind, client);
  return tokenPair(deps, user, session);
}

export async function tokenPair(
  deps: Deps,
  user: { credentialsVersion: number; id: number },
  session: StartedSession,
): Promise<TokenPair> {
  const access = await issueAccessToken(deps, user, session);
  return { access, refresh: session.secret, sessionId: session.sessionId, handle: session.handle };
}

/**
 * An access JWT for a session. Twimbol's lives `ACCESS_TOKEN_TTL_SECONDS` and is renewed with
 * the refresh token; Cocotree's is the only credential its clients keep, so it lives as long
 * as its session (fixed from login). Either way the session row is checked on every request.
 */
export function issueAccessToken(
  deps: Deps,
  user: { id: number; credentialsVersion: number },
  session: { handle: string; kind: SessionKind; expiresAt: Date },
) {
  const now = deps.clock.now();
  const ttlSeconds =
    session.kind === "cocotree"
      ? Math.max(1, Math.ceil((session.expiresAt.getTime() - now.getTime()) / 1000))
      : deps.config.accessTokenTtlSeconds;
  return signAccessToken(
    { sub: String(user.id), sid: session.handle, cv: user.credentialsVersion },
    jwtSettings(deps),
    ttlSeconds,
    now,
  );
}

/**
 * A MediaCMS API key (`Authorization: Token <key>`), for an account whose password was
 * already checked: an opaque random key bound to its own session row, so it works until
 * logout, a password change from another session or a reset, a ban, deactivation or deletion
 * (or `API_KEY_TTL_SECONDS`, unlimited by default). Only its hash is stored.
 */
export async function startKeySession(
  deps: Deps,
  userId: number,
  client: ClientInfo,
): Promise<{ key: string; sessionId: number }> {
  const session = await startSession(deps, userId, "key", client);
  await trimKeySessions(deps, userId);
  return { key: session.secret, sessionId: session.sessionId };
}

/** The most API keys one account keeps: a key never expires by default, so each new one past this ends the oldest. */
export const MAX_API_KEYS = 20;

/** Ends the account's API keys beyond its newest MAX_API_KEYS (read from the user's sessions index, a bounded set). */
export async function trimKeySessions(deps: Deps, userId: number) {
  const newest = sql`SELECT ${sessions.id} FROM ${sessions} WHERE ${sessions.userId} = ${userId} AND ${sessions.kind} = 'key' ORDER BY ${sessions.id} DESC LIMIT ${MAX_API_KEYS}`;
  await deps.db
    .delete(sessions)
    .where(
      and(eq(sessions.userId, userId), eq(sessions.kind, "key"), sql`${sessions.id} NOT IN (${newest})`),
    );
}

export async function endSession(deps: Deps, sessionId: number) {
  const ended = await deps.db
    .delete(sessions)
    .where(eq(sessions.id, sessionId))
    .returning({ userId: sessions.userId });
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
export function revokeAllStatements(deps: Deps, userId: number, onlyIf?: SQL) {
  const user = onlyIf ? and(eq(users.id, userId), onlyIf) : eq(users.id, userId);
  const sessionsOf = onlyIf ? and(eq(sessions.userId, userId), onlyIf) : eq(sessions.userId, userId);
  return [
    deps.db
      .update(users)
      .set({ credentialsVersion: sql`${users.credentialsVersion} + 1` })
      .where(user),
    deps.db.delete(sessions).where(sessionsOf),
  ] as const;
}

/**
 * The statement that ends every session of a user but `keep` (the one a password change
 * came through, as Django's `update_session_auth_hash` keeps it). `credentials_version`
 * is deliberately left alone: every access JWT names its session by handle, so deleting
 * the other rows already kills their access and refresh tokens and cookies, while a bump
 * would also kill the kept session's access token, which the documented answers give no
 * way to replace.
 */
export function revokeOtherSessionsStatement(deps: Deps, userId: number, keep: number, onlyIf?: SQL) {
  return deps.db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keep), onlyIf));
}

export { jwtSettings };

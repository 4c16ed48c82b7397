import { and, eq, gt, lt, sql } from "drizzle-orm";
import { mfaTickets, totpSecrets, users, type UserRow } from "../../../db/schema";
import { randomToken, sha256Hex } from "../../../infra/secrets";
import type { Deps } from "../../deps";
import { DomainError } from "../../errors";
import type { SessionKind } from "../sessions";

/** Long enough to open an authenticator app, short enough that a leaked ticket soon dies. */
export const MFA_TICKET_TTL_MS = 5 * 60 * 1000;

/**
 * A login route, as the domain knows it: an opaque id its surface completes the login
 * under (src/surfaces/login-routes.ts), and the session it starts.
 */
export interface LoginRoute<K extends SessionKind = SessionKind> {
  id: string;
  kind: K;
}

/** `EXISTS` of a confirmed TOTP secret, to read with the user's row in one statement. */
export const twoFactorOn = sql<number>`EXISTS (SELECT 1 FROM ${totpSecrets} WHERE ${totpSecrets.userId} = ${users.id} AND ${totpSecrets.confirmedAt} IS NOT NULL)`;

/** Issues the single-use ticket a login route answers with instead of logging in. */
export async function issueMfaTicket(deps: Deps, user: UserRow, route: LoginRoute): Promise<string> {
  const token = randomToken();
  const now = deps.clock.now().getTime();
  await deps.db.batch([
    deps.db.insert(mfaTickets).values({
      tokenHash: await sha256Hex(token),
      userId: user.id,
      route: route.id,
      kind: route.kind,
      credentialsVersion: user.credentialsVersion,
      passwordHash: user.passwordHash,
      expiresAt: new Date(now + MFA_TICKET_TTL_MS),
    }),
    // Tickets past their time have nothing left to complete.
    deps.db.delete(mfaTickets).where(lt(mfaTickets.expiresAt, new Date(now))),
  ]);
  return token;
}

/** A live ticket, or mfa_token_invalid. It is consumed by the batch that completes the login. */
export async function liveTicket(deps: Deps, token: string) {
  const ticket = await deps.db
    .select()
    .from(mfaTickets)
    .where(and(eq(mfaTickets.tokenHash, await sha256Hex(token)), gt(mfaTickets.expiresAt, deps.clock.now())))
    .get();
  if (!ticket) throw new DomainError("UNAUTHENTICATED", "mfa_token_invalid");
  return ticket;
}

import { eq, sql } from "drizzle-orm";
import { mfaTickets, recoveryCodes, users } from "../../../db/schema";
import type { Ctx } from "../../context";
import { DomainError } from "../../errors";
import { mails } from "../../mail/messages";
import { recordLogin, sessionOf, type LoggedIn } from "../authenticate";
import { cachedLockUntil, clearCachedLock } from "../lockout";
import type { ClientInfo, SessionKind } from "../sessions";
import { guessCode, totpRowOf } from "./codes";
import type { LoginRoute } from "./tickets";
import { liveTicket } from "./tickets";

export interface CompleteLoginInput {
  mfaToken: string;
  /** A TOTP code or a recovery code. */
  code: string;
  client: ClientInfo;
  /** The login routes that can answer a completion; a ticket from any other is refused. */
  routes: readonly LoginRoute[];
}

export type CompletedLogin = LoggedIn<SessionKind> & { route: LoginRoute };

/**
 * Completes the login a ticket stands for, with the session its route starts. The code is a
 * guess under the shared lockout; the ticket survives a wrong one (the user types again)
 * and dies with the success batch, which also runs only while the ticket still exists and the
 * password and credentials it was issued against are unchanged: a ticket completes once.
 */
export async function completeTwoFactorLogin(
  { deps }: Ctx,
  { mfaToken, code, client, routes }: CompleteLoginInput,
): Promise<CompletedLogin> {
  const ticket = await liveTicket(deps, mfaToken);
  const route = routes.find((r) => r.id === ticket.route && r.kind === ticket.kind);
  const [user, row] = await Promise.all([
    deps.db.select().from(users).where(eq(users.id, ticket.userId)).get(),
    totpRowOf(deps, ticket.userId),
  ]);
  if (!route || !user || !row?.confirmedAt) throw new DomainError("UNAUTHENTICATED", "mfa_token_invalid");
  // The success batch's own guard, checked before a code is spent: a ticket whose password
  // changed, or whose user was banned or deactivated, cannot complete, and must not burn a
  // recovery code (or a TOTP step) trying. The batch still re-checks it for a change racing this one.
  if (
    user.passwordHash !== ticket.passwordHash ||
    user.credentialsVersion !== ticket.credentialsVersion ||
    !user.isActive ||
    user.isBanned
  ) {
    await deps.db.delete(mfaTickets).where(eq(mfaTickets.id, ticket.id));
    throw new DomainError("UNAUTHENTICATED", "mfa_token_invalid");
  }
  if (await cachedLockUntil(deps, user.usernameKey)) throw new DomainError("LOCKED");

  const accepted = await guessCode(deps, user, row, code, { settle: false });
  const checked = {
    ...user,
    passwordHash: ticket.passwordHash,
    credentialsVersion: ticket.credentialsVersion,
  };
  const stillIssued = sql`EXISTS (SELECT 1 FROM ${mfaTickets} WHERE ${mfaTickets.id} = ${ticket.id})`;
  let updated;
  try {
    updated = await recordLogin(deps, checked, ticket.passwordHash, route.kind, client, {
      guard: stillIssued,
      statements: [deps.db.delete(mfaTickets).where(eq(mfaTickets.id, ticket.id))],
    });
  } catch (err) {
    // Used by a parallel completion, or the password changed since: this ticket is over.
    if (err instanceof DomainError && err.code === "INVALID_CREDENTIALS")
      throw new DomainError("UNAUTHENTICATED", "mfa_token_invalid");
    throw err;
  }
  clearCachedLock(deps, user.usernameKey);
  if (accepted.kind === "recovery" && user.email) {
    const email = user.email;
    deps.defer(
      (async () => {
        const left = await deps.db
          .select({ n: sql<number>`count(*)` })
          .from(recoveryCodes)
          .where(eq(recoveryCodes.userId, user.id))
          .get();
        await deps.mailer.send(mails.recoveryCodeUsed(email, user.username, left?.n ?? 0));
      })(),
    );
  }
  return { route, user: updated.user, session: await sessionOf(deps, route.kind, updated) };
}

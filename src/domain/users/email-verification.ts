import { and, eq, exists } from "drizzle-orm";
import { oneTimeCodes, users, type UserRow } from "../../db/schema";
import { codeGuess, countGuessStatement, issueCode, type CodeScope } from "../codes/one-time-code";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { mails, sendOrFail, trySend } from "../mail/messages";
import { requireUser } from "../policy/ownership";
import { emailKey } from "./account-rules";

/** As long as allauth's confirmation mails live (ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3). */
export const EMAIL_CODE_TTL_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * A code proves the mailbox it was sent to, so its scope is that address (by its key):
 * once the account's address changes, codes sent to the old one match nothing.
 */
const scopeOf = (userId: number, email: string): CodeScope => ({
  purpose: "email_verification",
  userId,
  subject: emailKey(email),
});

/**
 * Mails `email` a code that verifies it for the account. Called wherever an address is
 * first set or changed (registration, an email change), after the write: that write has
 * already succeeded, so a code refused by the hourly cap or a mail that fails does not
 * undo it; the owner asks for another code. Reports whether the mail went out.
 */
export async function startEmailVerification(deps: Deps, userId: number, email: string): Promise<boolean> {
  let code: string;
  try {
    code = await issueCode(deps, scopeOf(userId, email), EMAIL_CODE_TTL_MS);
  } catch (err) {
    if (err instanceof DomainError && err.code === "RATE_LIMITED") return false;
    throw err;
  }
  return trySend((m) => deps.mailer.send(m), mails.emailVerificationCode(email, code));
}

/**
 * The columns an address change writes: a new address is unverified until its owner proves
 * it; the same address in other letter case is the same mailbox and stays as it was.
 */
export function emailColumns(current: Pick<UserRow, "emailKey">, email: string | null) {
  const key = email ? emailKey(email) : null;
  return key === current.emailKey
    ? { email, emailKey: key }
    : { email, emailKey: key, emailIsVerified: false };
}

/**
 * After a write of `emailColumns`: a new address gets its code, and the old one is told, so an
 * owner whose credential was stolen learns that resets now go elsewhere (allauth's "email changed").
 */
export async function verifyChangedEmail(
  deps: Deps,
  before: Pick<UserRow, "emailKey" | "email" | "username">,
  after: Pick<UserRow, "id" | "email" | "emailKey">,
) {
  if (after.emailKey === before.emailKey) return;
  if (before.email)
    await trySend(
      (m) => deps.mailer.send(m),
      mails.emailChanged(before.email!, before.username, after.email),
    );
  if (after.email) await startEmailVerification(deps, after.id, after.email);
}

function unverifiedAddress(user: UserRow): string {
  if (!user.email) throw new DomainError("CONFLICT", "email_missing");
  if (user.emailIsVerified) throw new DomainError("CONFLICT", "email_already_verified");
  return user.email;
}

/** Mails the caller's address a fresh code (earlier ones stop working), at most five an hour. */
export async function resendEmailVerification(ctx: Ctx): Promise<void> {
  const { user } = requireUser(ctx);
  const email = unverifiedAddress(user);
  const code = await issueCode(ctx.deps, scopeOf(user.id, email), EMAIL_CODE_TTL_MS);
  await sendOrFail((m) => ctx.deps.mailer.send(m), mails.emailVerificationCode(email, code));
}

/**
 * Verifies the caller's address with a mailed code. The flag is set by one statement that
 * holds only while a right, live code of the address exists and the account still has that
 * address; the code is spent in the same batch. So a code works once (of parallel attempts,
 * one wins), and an address changed since the code was read verifies nothing.
 */
export async function verifyEmail(ctx: Ctx, { code }: { code: string }): Promise<UserRow> {
  const { user } = requireUser(ctx);
  const { deps } = ctx;
  const email = unverifiedAddress(user);
  const scope = scopeOf(user.id, email);
  const { live, right, stale } = await codeGuess(deps, scope, code);
  const [, verified, , expired] = await deps.db.batch([
    countGuessStatement(deps, live),
    deps.db
      .update(users)
      .set({ emailIsVerified: true })
      .where(
        and(
          eq(users.id, user.id),
          eq(users.emailKey, scope.subject!),
          exists(deps.db.select({ id: oneTimeCodes.id }).from(oneTimeCodes).where(right)),
        ),
      )
      .returning(),
    deps.db.delete(oneTimeCodes).where(right),
    deps.db.select({ id: oneTimeCodes.id }).from(oneTimeCodes).where(stale),
  ]);
  if (verified[0]) return verified[0];
  throw new DomainError("BAD_REQUEST", expired.length ? "email_code_expired" : "email_code_invalid");
}

/** Whether a password-reset code may go to this account's address (RESET_TO_UNVERIFIED_EMAIL). */
export const mayMailResetCode = (deps: Deps, user: Pick<UserRow, "emailIsVerified">) =>
  user.emailIsVerified || deps.config.resetToUnverifiedEmail;

import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import { recoveryCodes, totpSecrets, type TotpSecretRow } from "../../../db/schema";
import { base32, matchingStep } from "../../../infra/totp";
import { openSecret } from "../../../infra/totp-cipher";
import { sha256Hex } from "../../../infra/secrets";
import type { Deps } from "../../deps";
import { DomainError } from "../../errors";
import { reserveGuess, settleGuess, whileHeld } from "../lockout";

export const RECOVERY_CODE_COUNT = 10;

/**
 * 80 random bits each (16 base32 letters, shown in groups of four). That many bits make a
 * plain SHA-256 enough at rest: unlike a password, nobody can walk a dictionary to one, so a
 * slow hash would only cost CPU on every use.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const letters = base32(crypto.getRandomValues(new Uint8Array(10))).toLowerCase();
    return letters.match(/.{4}/g)!.join("-");
  });
}

/** Case, spaces and dashes are how people copy a code, not part of it. */
const recoveryKey = (code: string) => sha256Hex(code.toLowerCase().replace(/[\s-]/g, ""));

export const recoveryCodeRows = async (userId: number, codes: string[]) =>
  Promise.all(codes.map(async (code) => ({ userId, codeHash: await recoveryKey(code) })));

export const totpRowOf = (deps: Deps, userId: number) =>
  deps.db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId)).get();

export type AcceptedCode = { kind: "totp"; step: number } | { kind: "recovery" };

/**
 * Accepts a code once: a TOTP code for a step after the last one accepted, by one guarded
 * UPDATE (two requests with one code: exactly one wins), or an unused recovery code, by one
 * guarded DELETE. `pending` accepts the TOTP code of a secret not confirmed yet (enrolment).
 */
export async function acceptCode(
  deps: Deps,
  row: TotpSecretRow,
  code: string,
  { pending = false, recovery = true } = {},
): Promise<AcceptedCode | null> {
  const trimmed = code.trim();
  if (/^[0-9]{6}$/.test(trimmed)) {
    const secret = await openSecret(deps.config.totpKeyMaterial, row.userId, row.secretCiphertext);
    const step = matchingStep(secret, trimmed, deps.clock.now());
    if (step === null || step <= row.lastStep) return null;
    const state = pending
      ? sql`${totpSecrets.confirmedAt} IS NULL AND ${totpSecrets.secretCiphertext} = ${row.secretCiphertext}`
      : isNotNull(totpSecrets.confirmedAt);
    const won = await deps.db
      .update(totpSecrets)
      .set({ lastStep: step })
      .where(and(eq(totpSecrets.userId, row.userId), lt(totpSecrets.lastStep, step), state))
      .returning({ userId: totpSecrets.userId })
      .get();
    return won ? { kind: "totp", step } : null;
  }
  if (!recovery || pending || !trimmed || trimmed.length > 64) return null;
  const used = await deps.db
    .delete(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, row.userId), eq(recoveryCodes.codeHash, await recoveryKey(trimmed))))
    .returning({ id: recoveryCodes.id })
    .get();
  return used ? { kind: "recovery" } : null;
}

/**
 * A code is a guess under the shared login lockout, exactly as a password is: it holds one
 * of the five slots while tested (LOCKED once five have failed), and a wrong one is counted.
 * `settle` false leaves a right guess's reset of the count to the caller's own success write.
 */
export async function guessCode(
  deps: Deps,
  user: { id: number; usernameKey: string; passwordHash: string },
  row: TotpSecretRow,
  code: string,
  options: { pending?: boolean; recovery?: boolean; settle?: boolean } = {},
): Promise<AcceptedCode> {
  const guess = await reserveGuess(deps, user);
  const accepted = await whileHeld(deps, guess, () => acceptCode(deps, row, code, options));
  if (!accepted) {
    await settleGuess(deps, guess, { wrong: true });
    throw new DomainError("BAD_REQUEST", "totp_code_invalid");
  }
  await settleGuess(
    deps,
    guess,
    options.settle === false ? { released: true } : { right: true, passwordHash: user.passwordHash },
  );
  return accepted;
}

import { and, eq, gt, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { oneTimeCodes, users } from "../../db/schema";
import { hmacHex } from "../../infra/hmac";
import { randomDigits } from "../../infra/secrets";
import type { Deps } from "../deps";
import { rateLimited } from "../errors";

export type CodePurpose = (typeof oneTimeCodes.$inferSelect)["purpose"];

export interface CodeScope {
  purpose: CodePurpose;
  userId: number;
  /** Narrows the scope beyond the user, e.g. the parent's email for a parental link. */
  subject?: string;
}

export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * 60 * 1000;
/** Guesses a code survives: the 5th may still be right, the 6th never is. */
export const MAX_CODE_ATTEMPTS = 5;
/**
 * Codes one scope may be sent per window. Without it, asking for a fresh code would
 * reset the guess budget: 5 codes × 5 guesses an hour leaves a 6-digit code safe.
 */
export const MAX_CODES_PER_WINDOW = 5;
export const CODE_WINDOW_MS = 60 * 60 * 1000;

const inScope = (s: CodeScope) =>
  and(
    eq(oneTimeCodes.purpose, s.purpose),
    eq(oneTimeCodes.userId, s.userId),
    eq(oneTimeCodes.subject, s.subject ?? ""),
  );

const digest = (deps: Deps, s: CodeScope, code: string) =>
  hmacHex(deps.config.jwtSecret, `${s.purpose}:${s.userId}:${s.subject ?? ""}:${code}`);

/**
 * A fresh 6-digit code for the scope; earlier codes of the scope stop working. Spent
 * codes stay (dead) until their window ends, so they count against MAX_CODES_PER_WINDOW;
 * past it the request is refused as RATE_LIMITED. The check and the insert are one
 * statement, so concurrent requests cannot slip past the cap.
 */
export async function issueCode(deps: Deps, scope: CodeScope, ttlMs = CODE_TTL_MS): Promise<string> {
  const code = randomDigits(CODE_LENGTH);
  const now = deps.clock.now().getTime();
  const windowStart = now - CODE_WINDOW_MS;
  const codeHash = await digest(deps, scope, code);
  const subject = scope.subject ?? "";
  const [inserted] = await deps.db.batch([
    guardedInsert(
      deps.db,
      oneTimeCodes,
      {
        purpose: scope.purpose,
        userId: users.id,
        subject,
        codeHash,
        attempts: 0,
        createdAt: new Date(now),
        expiresAt: new Date(now + ttlMs),
      },
      {
        from: users,
        where: and(
          eq(users.id, scope.userId),
          sql`(SELECT count(*) FROM ${oneTimeCodes} WHERE purpose = ${scope.purpose} AND user_id = ${scope.userId} AND subject = ${subject} AND created_at > ${windowStart}) < ${MAX_CODES_PER_WINDOW}`,
        ),
      },
    ).returning({ id: oneTimeCodes.id }),
    // Retire the older codes, but only if the new one went in.
    deps.db
      .update(oneTimeCodes)
      .set({ attempts: MAX_CODE_ATTEMPTS + 1 })
      .where(
        and(
          inScope(scope),
          lt(oneTimeCodes.createdAt, new Date(now)),
          sql`EXISTS (SELECT 1 FROM ${oneTimeCodes} WHERE purpose = ${scope.purpose} AND user_id = ${scope.userId} AND subject = ${subject} AND code_hash = ${codeHash} AND created_at = ${now})`,
        ),
      ),
    deps.db
      .delete(oneTimeCodes)
      .where(and(inScope(scope), lt(oneTimeCodes.expiresAt, new Date(windowStart)))),
  ]);
  if (!inserted.length) throw rateLimited("too_many_codes", Math.ceil(CODE_WINDOW_MS / 1000));
  return code;
}

export type CodeCheck = "ok" | "expired" | "invalid";

/**
 * The conditions one guess at a scope's code is judged by: `live` codes still have guesses
 * left; `right` is the live, unexpired code the guess matches; `stale` one that matches but
 * has expired. For a verb whose write must happen with the code's use, in one batch.
 */
export async function codeGuess(deps: Deps, scope: CodeScope, code: string) {
  const codeHash = await digest(deps, scope, code);
  const now = deps.clock.now();
  const live = and(inScope(scope), lte(oneTimeCodes.attempts, MAX_CODE_ATTEMPTS));
  return {
    live,
    right: and(live, eq(oneTimeCodes.codeHash, codeHash), gt(oneTimeCodes.expiresAt, now)),
    stale: and(live, eq(oneTimeCodes.codeHash, codeHash), lte(oneTimeCodes.expiresAt, now)),
  };
}

/** Every guess, right or wrong, first counts against every live code of the scope. */
export const countGuessStatement = (deps: Deps, live: SQL | undefined) =>
  deps.db
    .update(oneTimeCodes)
    .set({ attempts: sql`${oneTimeCodes.attempts} + 1` })
    .where(live);

/**
 * Spends one guess. A code is consumed only while its count is within budget; the count and
 * the use happen in one atomic batch, so concurrent guesses cannot test more than
 * MAX_CODE_ATTEMPTS against a code, and a right code works once.
 */
export async function consumeCode(deps: Deps, scope: CodeScope, code: string): Promise<CodeCheck> {
  const { live, right, stale } = await codeGuess(deps, scope, code);
  const [, consumed, expired] = await deps.db.batch([
    countGuessStatement(deps, live),
    deps.db.delete(oneTimeCodes).where(right).returning({ id: oneTimeCodes.id }),
    deps.db.select({ id: oneTimeCodes.id }).from(oneTimeCodes).where(stale),
  ]);
  if (consumed.length) return "ok";
  return expired.length ? "expired" : "invalid";
}

/** Every code of a user for some purposes, for "all codes are deleted after a successful reset". */
export function deleteCodesStatement(deps: Deps, userId: number, purposes: CodePurpose[]) {
  return deps.db
    .delete(oneTimeCodes)
    .where(and(eq(oneTimeCodes.userId, userId), inArray(oneTimeCodes.purpose, purposes)));
}

import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { oneTimeCodes } from "../../db/schema";
import { hmacHex } from "../../infra/hmac";
import { randomDigits } from "../../infra/secrets";
import type { Deps } from "../deps";

export type CodePurpose = (typeof oneTimeCodes.$inferSelect)["purpose"];

export interface CodeScope {
  purpose: CodePurpose;
  userId: number;
  /** Narrows the scope beyond the user, e.g. the parent's email for a parental link. */
  subject?: string;
}

export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

const inScope = (s: CodeScope) =>
  and(eq(oneTimeCodes.purpose, s.purpose), eq(oneTimeCodes.userId, s.userId), eq(oneTimeCodes.subject, s.subject ?? ""));

const digest = (deps: Deps, s: CodeScope, code: string) => hmacHex(deps.config.jwtSecret, `${s.purpose}:${s.userId}:${s.subject ?? ""}:${code}`);

/** A fresh 6-digit code for the scope; any earlier code of the same scope stops working. */
export async function issueCode(deps: Deps, scope: CodeScope, ttlMs = CODE_TTL_MS): Promise<string> {
  const code = randomDigits(CODE_LENGTH);
  const now = deps.clock.now();
  await deps.db.batch([
    deps.db.delete(oneTimeCodes).where(inScope(scope)),
    deps.db.insert(oneTimeCodes).values({
      purpose: scope.purpose,
      userId: scope.userId,
      subject: scope.subject ?? "",
      codeHash: await digest(deps, scope, code),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    }),
  ]);
  return code;
}

export type CodeCheck = "ok" | "expired" | "invalid";

/**
 * Spends a code. A right code is consumed atomically (one DELETE … RETURNING, so two
 * concurrent uses cannot both succeed); a wrong guess counts against every code of the
 * scope, and a code dies after MAX_CODE_ATTEMPTS wrong guesses.
 */
export async function consumeCode(deps: Deps, scope: CodeScope, code: string): Promise<CodeCheck> {
  if (!new RegExp(`^\\d{${CODE_LENGTH}}$`).test(code)) return recordWrongGuess(deps, scope);
  const codeHash = await digest(deps, scope, code);
  const [match] = await deps.db
    .select()
    .from(oneTimeCodes)
    .where(and(inScope(scope), eq(oneTimeCodes.codeHash, codeHash)))
    .all();
  if (!match) return recordWrongGuess(deps, scope);
  if (match.expiresAt.getTime() <= deps.clock.now().getTime()) {
    await deps.db.delete(oneTimeCodes).where(eq(oneTimeCodes.id, match.id));
    return "expired";
  }
  const consumed = await deps.db.delete(oneTimeCodes).where(eq(oneTimeCodes.id, match.id)).returning({ id: oneTimeCodes.id }).all();
  return consumed.length ? "ok" : "invalid";
}

async function recordWrongGuess(deps: Deps, scope: CodeScope): Promise<CodeCheck> {
  await deps.db.batch([
    deps.db.update(oneTimeCodes).set({ attempts: sql`${oneTimeCodes.attempts} + 1` }).where(inScope(scope)),
    deps.db.delete(oneTimeCodes).where(and(inScope(scope), gte(oneTimeCodes.attempts, MAX_CODE_ATTEMPTS))),
  ]);
  return "invalid";
}

/** Every code of a user for one purpose, for "all codes are deleted after a successful reset". */
export function deleteCodesStatement(deps: Deps, userId: number, purposes: CodePurpose[]) {
  return deps.db.delete(oneTimeCodes).where(and(eq(oneTimeCodes.userId, userId), inArray(oneTimeCodes.purpose, purposes)));
}

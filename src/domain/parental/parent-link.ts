import { and, eq, lte, sql, type SQL } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { parentLinks, parentOtpRequests, users } from "../../db/schema";
import { consumeCode, issueCode } from "../codes/one-time-code";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError, addFieldError, rateLimited, validationError, type FieldErrors } from "../errors";
import { mails, sendOrFail } from "../mail/messages";
import { checkEmail, emailKey } from "../users/account-rules";
import { isVisibleAccount } from "../users/visible-account";

/** Django's ModelChoiceField message for an id that names no (visible) row; DRF surfaces reword it from `pk`. */
const DOES_NOT_EXIST = "Select a valid choice. That choice is not one of the available choices.";

export interface ParentLinkInput {
  childId: number;
  parentEmail: string;
}

/** Checks the child and the email, and that this parent is not linked already. */
async function prepare(deps: Deps, input: ParentLinkInput) {
  const fields: FieldErrors = {};
  checkEmail(fields, "parent_email", input.parentEmail);
  const key = emailKey(input.parentEmail);
  const child = await deps.db
    .select({
      id: users.id,
      username: users.username,
      isActive: users.isActive,
      userStatus: users.userStatus,
      isBanned: users.isBanned,
      linked: parentLinks.childId,
    })
    .from(users)
    .leftJoin(parentLinks, and(eq(parentLinks.childId, users.id), eq(parentLinks.parentEmailKey, key)))
    .where(eq(users.id, input.childId))
    .get();
  if (!child || !isVisibleAccount(child)) {
    addFieldError(fields, "child_id", "does_not_exist", DOES_NOT_EXIST, { pk: input.childId });
  }
  if (Object.keys(fields).length) throw validationError(fields);
  if (child!.linked !== null) throw new DomainError("CONFLICT", "parent_already_linked");
  return { child: child!, key, scope: { purpose: "parent_link" as const, userId: child!.id, subject: key } };
}

/**
 * The request route is anonymous (seed 004 §10), so anyone may ask for any child and
 * any address. These bound what that costs a child and the mailboxes: distinct parent
 * addresses a child can have mailed, and distinct child/address pairs one client IP can
 * ask for (which also bounds mailing one address about many children), per window.
 * Repeats of a pair are bounded by the code cap of one-time-code.ts instead.
 */
export const PARENT_ADDRESSES_PER_CHILD = 3;
export const PARENT_REQUESTS_PER_IP = 10;
export const PARENT_REQUEST_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Records the request if it stays within both caps, refusing it as RATE_LIMITED
 * otherwise. The check and the record are one statement, so parallel requests cannot
 * slip past a cap; a pair already seen in the window always passes (its window runs
 * from when it was first seen).
 */
async function recordRequest(deps: Deps, ip: string, childId: number, key: string) {
  const now = deps.clock.now().getTime();
  const since = now - PARENT_REQUEST_WINDOW_MS;
  const r = parentOtpRequests;
  const seen = (where: SQL) => sql`EXISTS (SELECT 1 FROM ${r} WHERE ${where} AND ${r.createdAt} > ${since})`;
  const within = and(
    eq(users.id, childId),
    sql`(${seen(sql`${r.childId} = ${childId} AND ${r.emailKey} = ${key}`)}
         OR (SELECT count(DISTINCT ${r.emailKey}) FROM ${r} WHERE ${r.childId} = ${childId} AND ${r.createdAt} > ${since}) < ${PARENT_ADDRESSES_PER_CHILD})`,
    sql`(${seen(sql`${r.ip} = ${ip} AND ${r.childId} = ${childId} AND ${r.emailKey} = ${key}`)}
         OR (SELECT count(*) FROM ${r} WHERE ${r.ip} = ${ip} AND ${r.createdAt} > ${since}) < ${PARENT_REQUESTS_PER_IP})`,
  );
  const [recorded] = await deps.db.batch([
    guardedInsert(
      deps.db,
      r,
      { ip, childId: users.id, emailKey: key, createdAt: new Date(now) },
      { from: users, where: within },
    )
      // A repeat keeps the pair's first time: refreshing it would let one caller hold a child's slots for ever.
      .onConflictDoUpdate({ target: [r.ip, r.childId, r.emailKey], set: { createdAt: sql`${r.createdAt}` } })
      .returning({ id: r.id }),
    deps.db.delete(r).where(lte(r.createdAt, new Date(since))),
  ]);
  if (!recorded.length) throw rateLimited("too_many_parent_requests", PARENT_REQUEST_WINDOW_MS / 1000);
}

/**
 * Mails a 6-digit OTP to the parent; only whoever reads that mailbox can complete the
 * link. `ip` is the caller's client IP, as the surface read it.
 */
export async function requestParentOtp({ deps }: Ctx, input: ParentLinkInput & { ip: string }) {
  const { child, key, scope } = await prepare(deps, input);
  await recordRequest(deps, input.ip, child.id, key);
  const code = await issueCode(deps, scope);
  await sendOrFail(
    (m) => deps.mailer.send(m),
    mails.parentOtp(input.parentEmail.trim(), child.username, code),
  );
}

export async function verifyParentOtp({ deps }: Ctx, input: ParentLinkInput & { otpCode: string }) {
  const { child, key, scope } = await prepare(deps, input);
  const check = await consumeCode(deps, scope, input.otpCode);
  if (check === "expired") throw new DomainError("BAD_REQUEST", "otp_expired");
  if (check !== "ok") throw new DomainError("BAD_REQUEST", "otp_invalid");
  await deps.db
    .insert(parentLinks)
    .values({
      childId: child.id,
      parentEmail: input.parentEmail.trim(),
      parentEmailKey: key,
      linkedAt: deps.clock.now(),
    })
    .onConflictDoNothing();
}

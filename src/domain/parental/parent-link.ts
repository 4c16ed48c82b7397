import { and, eq } from "drizzle-orm";
import { parentLinks, users } from "../../db/schema";
import { consumeCode, issueCode } from "../codes/one-time-code";
import type { Deps } from "../deps";
import { DomainError, validationError, type FieldErrors } from "../errors";
import { mails, sendOrFail } from "../mail/messages";
import { checkEmail, emailKey } from "../users/account-rules";
import { isVisibleAccount } from "../users/visible-account";

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
    .select({ id: users.id, username: users.username, isActive: users.isActive, isBanned: users.isBanned, linked: parentLinks.childId })
    .from(users)
    .leftJoin(parentLinks, and(eq(parentLinks.childId, users.id), eq(parentLinks.parentEmailKey, key)))
    .where(eq(users.id, input.childId))
    .get();
  if (!child || !isVisibleAccount(child)) {
    fields.child_id = [{ code: "does_not_exist", message: `Invalid pk "${input.childId}" - object does not exist.` }];
  }
  if (Object.keys(fields).length) throw validationError(fields);
  if (child!.linked !== null) throw new DomainError("CONFLICT", "parent_already_linked");
  return { child: child!, key, scope: { purpose: "parent_link" as const, userId: child!.id, subject: key } };
}

/** Mails a 6-digit OTP to the parent; only whoever reads that mailbox can complete the link. */
export async function requestParentOtp(deps: Deps, input: ParentLinkInput) {
  const { child, scope } = await prepare(deps, input);
  const code = await issueCode(deps, scope);
  await sendOrFail((m) => deps.mailer.send(m), mails.parentOtp(input.parentEmail.trim(), child.username, code));
}

export async function verifyParentOtp(deps: Deps, input: ParentLinkInput & { otpCode: string }) {
  const { child, key, scope } = await prepare(deps, input);
  const check = await consumeCode(deps, scope, input.otpCode);
  if (check === "expired") throw new DomainError("BAD_REQUEST", "otp_expired");
  if (check !== "ok") throw new DomainError("BAD_REQUEST", "otp_invalid");
  await deps.db
    .insert(parentLinks)
    .values({ childId: child.id, parentEmail: input.parentEmail.trim(), parentEmailKey: key, linkedAt: deps.clock.now() })
    .onConflictDoNothing();
}

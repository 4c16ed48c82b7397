// seed 004 §14 Error Reference: DRF shapes, {"detail": …} or {"field": ["msg"]}, with Twimbol's own wording.
import type { DomainError, FieldError } from "../../domain/errors";
import type { ErrorReply } from "../../http/envelope";
import { DRF_MSG, drfEnvelope, drfFields } from "../shared/drf-envelope";

export const TWIMBOL_MSG = {
  usernameTaken: "Username already exists.",
  emailTaken: "Email already exists.",
  wrongPassword: "Wrong password.",
  noAccountWithEmail: "No account with this email.",
  resetInvalid: "Invalid or expired reset code.",
  resetExpired: "Reset code expired.",
  alreadyApplied: "You have already applied for creator.",
  tokenInvalid: "Token is invalid or expired",
  userNotFound: "User not found.",
  cannotFollowSelf: "You cannot follow yourself.",
  cannotBlockSelf: "You cannot block yourself.",
  parentAlreadyLinked: "This parent email is already linked.",
  invalidOtp: "Invalid OTP.",
  otpExpired: "OTP expired.",
} as const;

/** Field errors whose Django wording Twimbol's serializers replaced. */
const REWORDED: Record<string, string> = {
  "username:unique": TWIMBOL_MSG.usernameTaken,
  "email:unique": TWIMBOL_MSG.emailTaken,
  "old_password:password_incorrect": TWIMBOL_MSG.wrongPassword,
};

/** Reasons a domain verb gives that Twimbol answers with a plain `detail`. */
const DETAIL_REASONS: Record<string, { status: ErrorReply["status"]; detail: string }> = {
  already_applied: { status: 400, detail: TWIMBOL_MSG.alreadyApplied },
  reset_invalid: { status: 400, detail: TWIMBOL_MSG.resetInvalid },
  reset_expired: { status: 400, detail: TWIMBOL_MSG.resetExpired },
  follow_self: { status: 400, detail: TWIMBOL_MSG.cannotFollowSelf },
  block_self: { status: 400, detail: TWIMBOL_MSG.cannotBlockSelf },
  user: { status: 404, detail: TWIMBOL_MSG.userNotFound },
};

/** Parental-link failures are serializer-level errors in the original: `non_field_errors`. */
const NON_FIELD_REASONS: Record<string, string> = {
  parent_already_linked: TWIMBOL_MSG.parentAlreadyLinked,
  otp_invalid: TWIMBOL_MSG.invalidOtp,
  otp_expired: TWIMBOL_MSG.otpExpired,
};

/** DRF serializers word a length error differently from Django forms. */
const drfWording = (e: FieldError) =>
  e.code === "max_length" && e.params?.max !== undefined ? `Ensure this field has no more than ${e.params.max} characters.` : undefined;

function twimbolOverride(err: DomainError): ErrorReply | undefined {
  if (err.code === "VALIDATION" && err.fields) {
    const fields = Object.fromEntries(
      Object.entries(err.fields).map(([field, errors]) => [
        field,
        errors.map((e) => ({ ...e, message: REWORDED[`${field}:${e.code}`] ?? drfWording(e) ?? e.message })),
      ]),
    );
    return { status: 400, body: drfFields(fields, { password_confirm: "password", new_password_confirm: "new_password" }) };
  }
  if (err.code === "UNAUTHENTICATED" && err.reason === "token_invalid") {
    return { status: 401, body: { detail: TWIMBOL_MSG.tokenInvalid, code: "token_not_valid" } };
  }
  const reason = err.reason ?? "";
  if (NON_FIELD_REASONS[reason]) return { status: 400, body: { non_field_errors: [NON_FIELD_REASONS[reason]] } };
  const detail = DETAIL_REASONS[reason];
  if (detail && (err.code === "CONFLICT" || err.code === "BAD_REQUEST" || err.code === "NOT_FOUND")) {
    return { status: detail.status, body: { detail: detail.detail } };
  }
  return undefined;
}

export const twimbolEnvelope = drfEnvelope(twimbolOverride);
export { DRF_MSG };

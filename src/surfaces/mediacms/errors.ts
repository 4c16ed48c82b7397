// seed 000: MediaCMS answers in DRF's {"detail": …}, with its own wording where the seed gives one.
import type { ErrorReply } from "../../http/envelope";
import { DRF_MSG, detail, drfEnvelope, LAST_ADMIN } from "../shared/drf-envelope";
import type { Words } from "../shared/reason-words";

export const MEDIACMS_MSG = {
  userNotFound: "user does not exist",
  mediaMissing: "media file does not exist",
  notEnoughPermissions: "not enough permissions",
  contactSignedOut: "request need be authenticated",
  contactFieldsRequired: "Subject and body are required",
  contactSubjectLineBreak: "Subject may not contain line breaks",
  contactSubjectTooLong: "Subject may not exceed 200 characters",
  contactBodyTooLong: "Message may not exceed 5000 characters",
  contactNotAllowed: "You are not allowed to contact this user",
  incorrectCode: "Incorrect code.",
  incorrectPassword: "Incorrect password.",
  mfaTokenInvalid: "Invalid or expired mfa_token.",
  twoFactorAlreadyOn: "Two-factor authentication is already enabled.",
  twoFactorOff: "Two-factor authentication is not enabled.",
  totpNotPending: "No pending TOTP secret: GET /accounts/2fa/totp/activate first.",
  twoFactorCompleted: "2FA completed successfully.",
  verificationSent: "Verification code sent.",
  verificationCodeInvalid: "Invalid verification code.",
  verificationCodeExpired: "Verification code expired.",
  emailMissing: "The account has no email address.",
  emailAlreadyVerified: "The email address is already verified.",
} as const;

/** The entities whose reasons MediaCMS's routes (users, media, contact, 2FA, email verification) can raise. */
const MEDIACMS_RAISES = [
  "request",
  "auth",
  "twoFactor",
  "users",
  "lists",
  "mail",
  "codes",
  "posts",
  "media",
] as const;

/** The reasons MediaCMS words otherwise than DRF does for their code. */
const MEDIACMS_WORDS = {
  last_admin: LAST_ADMIN,
  user: detail(404, MEDIACMS_MSG.userNotFound),
  // get_object_or_404(User, username=author) under DRF 3.16, which keeps Django's message.
  media_author: detail(404, "No User matches the given query."),
  // MediaDetail.get_object answers any failure to find the media so (files/views/media.py).
  post: detail(400, MEDIACMS_MSG.mediaMissing),
  // MediaCMS's IsUserOrManager.
  not_owner: detail(403, MEDIACMS_MSG.notEnoughPermissions),
  contact_signed_out: detail(401, MEDIACMS_MSG.contactSignedOut),
  // DRF answers 403 when its first authenticator (SessionAuthentication) sends no WWW-Authenticate.
  deletion_signed_out: detail(403, DRF_MSG.notAuthenticated),
  contact_fields_required: detail(400, MEDIACMS_MSG.contactFieldsRequired),
  contact_subject_line_break: detail(400, MEDIACMS_MSG.contactSubjectLineBreak),
  contact_subject_too_long: detail(400, MEDIACMS_MSG.contactSubjectTooLong),
  contact_body_too_long: detail(400, MEDIACMS_MSG.contactBodyTooLong),
  contact_not_allowed: detail(403, MEDIACMS_MSG.contactNotAllowed),
  totp_code_invalid: detail(400, MEDIACMS_MSG.incorrectCode),
  two_factor_password_invalid: detail(400, MEDIACMS_MSG.incorrectPassword),
  mfa_token_invalid: detail(401, MEDIACMS_MSG.mfaTokenInvalid),
  two_factor_already_on: detail(409, MEDIACMS_MSG.twoFactorAlreadyOn),
  two_factor_off: detail(409, MEDIACMS_MSG.twoFactorOff),
  totp_not_pending: detail(409, MEDIACMS_MSG.totpNotPending),
  email_code_invalid: detail(400, MEDIACMS_MSG.verificationCodeInvalid),
  email_code_expired: detail(400, MEDIACMS_MSG.verificationCodeExpired),
  email_missing: detail(409, MEDIACMS_MSG.emailMissing),
  email_already_verified: detail(409, MEDIACMS_MSG.emailAlreadyVerified),
} satisfies Words<(typeof MEDIACMS_RAISES)[number], ErrorReply>;

export const mediaCmsEnvelope = drfEnvelope(MEDIACMS_RAISES, MEDIACMS_WORDS);

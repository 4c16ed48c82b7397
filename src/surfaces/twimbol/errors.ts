// seed 004 §14 Error Reference: DRF shapes, {"detail": …} or {"field": ["msg"]}, with Twimbol's own wording.
import type { DomainError, FieldErrorCode } from "../../domain/errors";
import type { ErrorReply } from "../../http/envelope";
import { DRF_MSG, detail, drfEnvelope, drfFields, drfWording, type DrfReasons } from "../shared/drf-envelope";

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
  alreadyLiked: "You already liked this post.",
  alreadyHidden: "You already hid this post.",
  alreadyReported: "You already reported this post.",
  likeNotFound: "Like not found or you don't have permission to delete it.",
  hideNotFound: "Hide not found or you don't have permission to delete it.",
  reportNotFound: "Report not found or you don't have permission to delete it.",
  commentNotFound: "Comment not found or you don't have permission to delete it.",
  reelUploader: "Only creators and admins can upload reels.",
  videoUploader: "Only creators and admins can upload videos.",
  creatorOnly: "Permission denied.",
  noVideo: "No video file provided",
  invalidVideo: "Upload a valid video. The file you uploaded was not an MP4, WebM or QuickTime video.",
  partNumber: "This upload has no part with that number.",
  partSize: "Every part but the last must be exactly part_size bytes, and the last the rest.",
  uploadIncomplete: "Not every part of this upload has arrived.",
  uploadComplete: "This upload is already complete.",
} as const;

/** Field errors whose Django wording Twimbol's serializers replaced. */
const REWORDED: Partial<Record<`${string}:${FieldErrorCode}`, string>> = {
  "username:unique": TWIMBOL_MSG.usernameTaken,
  "email:unique": TWIMBOL_MSG.emailTaken,
  "old_password:password_incorrect": TWIMBOL_MSG.wrongPassword,
};

const nonField = (message: string): ErrorReply => ({ status: 400, body: { non_field_errors: [message] } });

/** Every domain reason in Twimbol's words; `undefined` answers it as DRF does for its code. */
const TWIMBOL_REASONS = {
  malformed_body: undefined,
  route: undefined,
  too_many_requests: undefined,
  guesses_in_flight: undefined,
  unknown_user: undefined,
  bad_password: undefined,
  inactive: undefined,
  token_invalid: { status: 401, body: { detail: TWIMBOL_MSG.tokenInvalid, code: "token_not_valid" } },
  not_admin: undefined,
  not_owner: undefined,
  two_factor_required: undefined,
  totp_code_invalid: undefined,
  two_factor_password_invalid: undefined,
  mfa_token_invalid: undefined,
  two_factor_already_on: undefined,
  two_factor_off: undefined,
  totp_not_pending: undefined,
  user: detail(404, TWIMBOL_MSG.userNotFound),
  email_unknown: { status: 400, body: { email: [TWIMBOL_MSG.noAccountWithEmail] } },
  reset_invalid: detail(400, TWIMBOL_MSG.resetInvalid),
  reset_expired: detail(400, TWIMBOL_MSG.resetExpired),
  follow_self: detail(400, TWIMBOL_MSG.cannotFollowSelf),
  block_self: detail(400, TWIMBOL_MSG.cannotBlockSelf),
  // Parental-link failures are serializer-level errors in the original: `non_field_errors`.
  parent_already_linked: nonField(TWIMBOL_MSG.parentAlreadyLinked),
  otp_invalid: nonField(TWIMBOL_MSG.invalidOtp),
  otp_expired: nonField(TWIMBOL_MSG.otpExpired),
  too_many_parent_requests: undefined,
  already_applied: detail(400, TWIMBOL_MSG.alreadyApplied),
  application: undefined,
  notification: undefined,
  mail: undefined,
  media: undefined,
  too_many_codes: undefined,
  contact_signed_out: undefined,
  contact_fields_required: undefined,
  contact_subject_line_break: undefined,
  contact_subject_too_long: undefined,
  contact_body_too_long: undefined,
  contact_not_allowed: undefined,
  too_many_contacts: undefined,
  invalid_page: detail(404, DRF_MSG.invalidPage),
  // DRF's get_object_or_404.
  post: detail(404, DRF_MSG.notFound),
  already_liked: detail(400, TWIMBOL_MSG.alreadyLiked),
  already_hidden: detail(400, TWIMBOL_MSG.alreadyHidden),
  already_reported: detail(400, TWIMBOL_MSG.alreadyReported),
  like_not_found: detail(404, TWIMBOL_MSG.likeNotFound),
  hide_not_found: detail(404, TWIMBOL_MSG.hideNotFound),
  report_not_found: detail(404, TWIMBOL_MSG.reportNotFound),
  comment_not_found: detail(404, TWIMBOL_MSG.commentNotFound),
  // The original's create views (create/views.py).
  reel_uploader: detail(403, TWIMBOL_MSG.reelUploader),
  video_uploader: detail(403, TWIMBOL_MSG.videoUploader),
  creator_only: detail(403, TWIMBOL_MSG.creatorOnly),
  // seed 004 §5 words the missing file as {"error": …}; a file that is not a video answers alike.
  no_video: { status: 400, body: { error: TWIMBOL_MSG.noVideo } },
  invalid_video: { status: 400, body: { error: TWIMBOL_MSG.invalidVideo } },
  upload: detail(404, DRF_MSG.notFound),
  part_number: detail(400, TWIMBOL_MSG.partNumber),
  part_size: detail(400, TWIMBOL_MSG.partSize),
  upload_incomplete: detail(400, TWIMBOL_MSG.uploadIncomplete),
  upload_complete: detail(400, TWIMBOL_MSG.uploadComplete),
  current_password_required: undefined,
  current_password: undefined,
  friend_self: undefined,
  already_friends: undefined,
  friend_request: undefined,
  friend_response: undefined,
  friendship: undefined,
  friendship_pair: undefined,
  group_required: undefined,
  group_too_long: undefined,
  user_lookup: undefined,
  username_required: undefined,
  chat: undefined,
  not_chat_member: undefined,
  message_count: undefined,
} satisfies DrfReasons;

function twimbolFields(err: DomainError): ErrorReply | undefined {
  if (err.code !== "VALIDATION" || !err.fields) return undefined;
  const fields = Object.fromEntries(
    Object.entries(err.fields).map(([field, errors]) => [
      field,
      errors.map((e) => ({ ...e, message: REWORDED[`${field}:${e.code}`] ?? drfWording(e) ?? e.message })),
    ]),
  );
  return { status: 400, body: drfFields(fields, { password_confirm: "password", new_password_confirm: "new_password" }) };
}

export const twimbolEnvelope = drfEnvelope(TWIMBOL_REASONS, twimbolFields);
export { DRF_MSG };

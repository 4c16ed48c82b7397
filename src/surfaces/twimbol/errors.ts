// seed 004 §14 Error Reference: DRF shapes, {"detail": …} or {"field": ["msg"]}, with Twimbol's own wording.
import type { DomainError, FieldErrorCode } from "../../domain/errors";
import type { ErrorReply } from "../../http/envelope";
import { DRF_MSG, detail, drfEnvelope, drfFields, drfWording, LAST_ADMIN } from "../shared/drf-envelope";
import type { Words } from "../shared/reason-words";

export const TWIMBOL_MSG = {
  usernameTaken: "Username already exists.",
  emailTaken: "Email already exists.",
  wrongPassword: "Wrong password.",
  noAccountWithEmail: "No account with this email.",
  emailNotVerified: "This email address has not been verified.",
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

/** The entities whose reasons Twimbol's routes can raise. */
const TWIMBOL_RAISES = [
  "request",
  "auth",
  "twoFactor",
  "users",
  "follows",
  "parental",
  "creators",
  "notifications",
  "mail",
  "codes",
  "lists",
  "posts",
  "videos",
] as const;

/** The reasons Twimbol words otherwise than DRF does for their code. */
const TWIMBOL_WORDS = {
  token_invalid: { status: 401, body: { detail: TWIMBOL_MSG.tokenInvalid, code: "token_not_valid" } },
  user: detail(404, TWIMBOL_MSG.userNotFound),
  last_admin: LAST_ADMIN,
  email_unknown: { status: 400, body: { email: [TWIMBOL_MSG.noAccountWithEmail] } },
  reset_email_unverified: { status: 400, body: { email: [TWIMBOL_MSG.emailNotVerified] } },
  reset_invalid: detail(400, TWIMBOL_MSG.resetInvalid),
  reset_expired: detail(400, TWIMBOL_MSG.resetExpired),
  follow_self: detail(400, TWIMBOL_MSG.cannotFollowSelf),
  block_self: detail(400, TWIMBOL_MSG.cannotBlockSelf),
  // Parental-link failures are serializer-level errors in the original: `non_field_errors`.
  parent_already_linked: nonField(TWIMBOL_MSG.parentAlreadyLinked),
  otp_invalid: nonField(TWIMBOL_MSG.invalidOtp),
  otp_expired: nonField(TWIMBOL_MSG.otpExpired),
  already_applied: detail(400, TWIMBOL_MSG.alreadyApplied),
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
  part_number: detail(400, TWIMBOL_MSG.partNumber),
  part_size: detail(400, TWIMBOL_MSG.partSize),
  upload_incomplete: detail(400, TWIMBOL_MSG.uploadIncomplete),
  upload_complete: detail(400, TWIMBOL_MSG.uploadComplete),
} satisfies Words<(typeof TWIMBOL_RAISES)[number], ErrorReply>;

function twimbolFields(err: DomainError): ErrorReply | undefined {
  if (err.code !== "VALIDATION" || !err.fields) return undefined;
  const fields = Object.fromEntries(
    Object.entries(err.fields).map(([field, errors]) => [
      field,
      errors.map((e) => ({ ...e, message: REWORDED[`${field}:${e.code}`] ?? drfWording(e) ?? e.message })),
    ]),
  );
  return {
    status: 400,
    body: drfFields(fields, { password_confirm: "password", new_password_confirm: "new_password" }),
  };
}

export const twimbolEnvelope = drfEnvelope(TWIMBOL_RAISES, TWIMBOL_WORDS, twimbolFields);
export { DRF_MSG };

// seed 001 / 003: errors are {"errors": …}, the lockout alone is {"error": …}.
import type { DomainError, FieldErrorCode, FieldErrors, Reason } from "../../domain/errors";
import type { Envelope, ErrorReply } from "../../http/envelope";

export const GAME_MSG = {
  notAuthenticated: "User is not authenticated.",
  alreadyAuthenticated: "User is already authenticated.",
  credentialsRequired: "Username and password are required.",
  invalidPassword: "Invalid password.",
  unknownUsername: "Username does not exist.",
  lockedOut: "Locked out due to too many login failures.",
  mfaRequired: "Two-factor authentication required.",
  notYourProfile: "You do not have permission to access this user's profile.",
  noFile: "No file uploaded.",
  notFound: "Not found.",
  csrf: "CSRF verification failed. Request aborted.",
  malformed: "Malformed request body.",
  /** The original's own tests: its views parse the body with json.loads and answer this when it fails. */
  invalidJson: "Invalid JSON input.",
  wrongOldPassword: "Old password is incorrect.",
  samePassword: "New password cannot be the same as the old one.",
  tooLarge: "Request body is too large.",
  unsupportedMediaType: (mediaType: string) => `Unsupported media type "${mediaType}" in request.`,
  internal: "Internal server error.",
  unavailable: "Service temporarily unavailable, try again later.",
} as const;

/** Django puts password validator errors on the confirmation field of its forms. */
const FIELD_NAMES: Record<string, string> = {
  password: "password2",
  password_confirm: "password2",
  new_password: "new_password2",
  new_password_confirm: "new_password2",
};

function gameFields(fields: FieldErrors = {}) {
  const out: Record<string, string[]> = {};
  for (const [field, errors] of Object.entries(fields)) {
    (out[FIELD_NAMES[field] ?? field] ??= []).push(...errors.map((e) => e.message));
  }
  return out;
}

/** Field errors the original answered as one message instead of a dict, in the order it checked them. */
const WHOLE_BODY: [field: string, code: FieldErrorCode, message: string][] = [
  ["old_password", "password_incorrect", GAME_MSG.wrongOldPassword],
  ["new_password", "password_unchanged", GAME_MSG.samePassword],
];

const wholeBody = (fields: FieldErrors = {}) =>
  WHOLE_BODY.find(([field, code]) => fields[field]?.some((e) => e.code === code))?.[2];

const reply = (status: ErrorReply["status"], errors: unknown): ErrorReply => ({ status, body: { errors } });

/** Every domain reason in the game's words; `undefined` answers it with its code's message. */
const GAME_REASONS = {
  malformed_body: undefined,
  malformed_json: GAME_MSG.invalidJson,
  route: undefined,
  too_many_requests: undefined,
  guesses_in_flight: undefined,
  unknown_user: GAME_MSG.unknownUsername,
  bad_password: GAME_MSG.invalidPassword,
  inactive: GAME_MSG.invalidPassword,
  token_invalid: undefined,
  not_admin: undefined,
  not_owner: undefined,
  last_admin: undefined,
  admin_self: undefined,
  two_factor_required: undefined,
  totp_code_invalid: undefined,
  two_factor_password_invalid: undefined,
  mfa_token_invalid: undefined,
  two_factor_already_on: undefined,
  two_factor_off: undefined,
  totp_not_pending: undefined,
  user: undefined,
  email_unknown: undefined,
  reset_invalid: undefined,
  reset_expired: undefined,
  follow_self: undefined,
  block_self: undefined,
  parent_already_linked: undefined,
  otp_invalid: undefined,
  otp_expired: undefined,
  too_many_parent_requests: undefined,
  already_applied: undefined,
  application: undefined,
  notification: undefined,
  mail: undefined,
  media: undefined,
  media_author: undefined,
  too_many_codes: undefined,
  contact_signed_out: undefined,
  deletion_signed_out: undefined,
  contact_fields_required: undefined,
  contact_subject_line_break: undefined,
  contact_subject_too_long: undefined,
  contact_body_too_long: undefined,
  contact_not_allowed: undefined,
  too_many_contacts: undefined,
  invalid_page: undefined,
  post: undefined,
  already_liked: undefined,
  already_hidden: undefined,
  already_reported: undefined,
  like_not_found: undefined,
  hide_not_found: undefined,
  report_not_found: undefined,
  comment_not_found: undefined,
  reel_uploader: undefined,
  video_uploader: undefined,
  creator_only: undefined,
  no_video: undefined,
  invalid_video: undefined,
  upload: undefined,
  part_number: undefined,
  part_size: undefined,
  upload_incomplete: undefined,
  upload_complete: undefined,
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
  group_chat: undefined,
  chat_user: undefined,
  chat_role: undefined,
  group_too_small: undefined,
  group_too_large: undefined,
  chat_name: undefined,
  already_manager: undefined,
  not_manager: undefined,
  already_owner: undefined,
  already_in_chat: undefined,
  not_friends_with_member: undefined,
  not_friends_in_chat: undefined,
  join_request: undefined,
  remove_owner: undefined,
  owner_leaving: undefined,
  message: undefined,
  reply_target: undefined,
  message_content: undefined,
  message_type: undefined,
  attachment: undefined,
  filter_start: undefined,
  filter_end: undefined,
  announcement: undefined,
  announcement_content: undefined,
} satisfies Record<Reason, string | undefined>;

const worded = (err: DomainError) => (err.reason ? GAME_REASONS[err.reason] : undefined);

export const gameEnvelope: Envelope = {
  fromDomain(err: DomainError): ErrorReply {
    switch (err.code) {
      case "VALIDATION":
        return reply(400, wholeBody(err.fields) ?? gameFields(err.fields));
      case "BAD_REQUEST":
        return reply(400, worded(err) ?? GAME_MSG.malformed);
      case "UNAUTHENTICATED":
        return reply(401, worded(err) ?? GAME_MSG.notAuthenticated);
      case "INVALID_CREDENTIALS":
        return reply(401, worded(err) ?? GAME_MSG.invalidPassword);
      case "LOCKED":
        return { status: 403, body: { error: GAME_MSG.lockedOut } };
      case "MFA_REQUIRED":
        return { status: 401, body: { errors: GAME_MSG.mfaRequired, mfa_token: err.mfaToken } };
      case "FORBIDDEN":
        return reply(403, worded(err) ?? GAME_MSG.notYourProfile);
      case "CSRF":
        return reply(403, GAME_MSG.csrf);
      case "NOT_FOUND":
        return reply(404, worded(err) ?? GAME_MSG.notFound);
      case "CONFLICT":
        return reply(409, worded(err) ?? "Conflict.");
      case "PAYLOAD_TOO_LARGE":
        return reply(413, GAME_MSG.tooLarge);
      case "UNSUPPORTED_MEDIA_TYPE":
        return reply(415, GAME_MSG.unsupportedMediaType(err.mediaType ?? ""));
      case "UNAVAILABLE":
        return reply(503, worded(err) ?? GAME_MSG.unavailable);
      case "RATE_LIMITED": {
        const seconds = err.retryAfterSeconds ?? 60;
        return {
          ...reply(429, `Request was throttled. Expected available in ${seconds} seconds.`),
          headers: { "Retry-After": String(seconds) },
        };
      }
    }
  },
  internal: () => ({ errors: GAME_MSG.internal }),
};

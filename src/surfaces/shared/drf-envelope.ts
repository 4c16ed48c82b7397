// Django REST Framework's error shapes: {"detail": …} or {"field": ["msg"]}.
import type { DomainError, FieldError, FieldErrors, Reason } from "../../domain/errors";
import type { Envelope, ErrorReply } from "../../http/envelope";

export const DRF_MSG = {
  notAuthenticated: "Authentication credentials were not provided.",
  noActiveAccount: "No active account found with the given credentials",
  lockedOut: "Locked out due to too many login failures.",
  mfaRequired: "Two-factor authentication required.",
  permissionDenied: "You do not have permission to perform this action.",
  notFound: "Not found.",
  invalidPage: "Invalid page.",
  csrf: "CSRF Failed: Origin checking failed - the request comes from another site.",
  malformed: "Malformed request body.",
  tooLarge: "Request body is too large.",
  unsupportedMediaType: (mediaType: string) => `Unsupported media type "${mediaType}" in request.`,
  throttled: (seconds: number) => `Request was throttled. Expected available in ${seconds} seconds.`,
  internal: "Internal server error.",
  unavailable: "Service temporarily unavailable, try again later.",
} as const;

export const drfFields = (fields: FieldErrors = {}, rename: Record<string, string> = {}) => {
  const out: Record<string, string[]> = {};
  for (const [field, errors] of Object.entries(fields)) (out[rename[field] ?? field] ??= []).push(...errors.map((e) => e.message));
  return out;
};

/** DRF serializers word these differently from the Django form messages the domain defaults to. */
export function drfWording(e: FieldError) {
  if (e.code === "max_length" && e.params?.max !== undefined) return `Ensure this field has no more than ${e.params.max} characters.`;
  if (e.code === "does_not_exist" && e.params?.pk !== undefined) return `Invalid pk "${e.params.pk}" - object does not exist.`;
  return undefined;
}

const drfWorded = (fields: FieldErrors = {}): FieldErrors =>
  Object.fromEntries(Object.entries(fields).map(([field, errors]) => [field, errors.map((e) => ({ ...e, message: drfWording(e) ?? e.message }))]));

export const detail = (status: ErrorReply["status"], message: string): ErrorReply => ({ status, body: { detail: message } });

/**
 * Every domain reason, as one DRF API answers it; `undefined` answers it by its code alone.
 * A Record, so a reason added to the domain fails to compile until each DRF surface words it.
 */
export type DrfReasons = Record<Reason, ErrorReply | undefined>;

/** Plain DRF: no reason changes the answer its code gets. */
export const PLAIN_DRF_REASONS = {
  malformed_body: undefined,
  malformed_json: undefined,
  route: undefined,
  too_many_requests: undefined,
  guesses_in_flight: undefined,
  unknown_user: undefined,
  bad_password: undefined,
  inactive: undefined,
  token_invalid: undefined,
  not_admin: undefined,
  not_owner: undefined,
  last_admin: detail(409, "This would leave no active admin: the last active account in the admin group cannot be demoted, banned, deactivated or deleted."),
  admin_self: detail(403, "Admins cannot ban, deactivate, delete or demote their own account."),
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
  invalid_page: detail(404, DRF_MSG.invalidPage),
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
} satisfies DrfReasons;

/** The DRF envelope in one API's words: `reasons` first, then `override` (e.g. field rewording), then the code. */
export function drfEnvelope(reasons: DrfReasons, override?: (err: DomainError) => ErrorReply | undefined): Envelope {
  return {
    fromDomain(err) {
      const custom = override?.(err) ?? (err.reason && reasons[err.reason]);
      if (custom) return custom;
      switch (err.code) {
        case "VALIDATION":
          return { status: 400, body: drfFields(drfWorded(err.fields)) };
        case "BAD_REQUEST":
          return detail(400, DRF_MSG.malformed);
        case "UNAUTHENTICATED":
          return detail(401, DRF_MSG.notAuthenticated);
        case "INVALID_CREDENTIALS":
          return detail(401, DRF_MSG.noActiveAccount);
        case "LOCKED":
          return detail(403, DRF_MSG.lockedOut);
        case "MFA_REQUIRED":
          return { status: 401, body: { detail: DRF_MSG.mfaRequired, mfa_token: err.mfaToken } };
        case "FORBIDDEN":
          return detail(403, DRF_MSG.permissionDenied);
        case "CSRF":
          return detail(403, DRF_MSG.csrf);
        case "NOT_FOUND":
          return detail(404, DRF_MSG.notFound);
        case "CONFLICT":
          return detail(400, "Conflict.");
        case "PAYLOAD_TOO_LARGE":
          return detail(413, DRF_MSG.tooLarge);
        case "UNSUPPORTED_MEDIA_TYPE":
          return detail(415, DRF_MSG.unsupportedMediaType(err.mediaType ?? ""));
        case "UNAVAILABLE":
          return detail(503, DRF_MSG.unavailable);
        case "RATE_LIMITED": {
          const seconds = err.retryAfterSeconds ?? 60;
          return { ...detail(429, DRF_MSG.throttled(seconds)), headers: { "Retry-After": String(seconds) } };
        }
      }
    },
    internal: () => ({ detail: DRF_MSG.internal }),
  };
}

export const defaultDrfEnvelope = drfEnvelope(PLAIN_DRF_REASONS);

// seed 002: Cocotree answers {"code": 0, "payload": …} and fails with {"code": n, "error": …}
// (+ "payload" for field errors). Codes: 0 success, 1 bad request or credentials, 2 not found, 3 already friends.
import { NotFriendsInChat } from "../../domain/chats/send-message";
import type { DomainError, DomainErrorCode, FieldErrors } from "../../domain/errors";
import type { ErrorReply } from "../../http/envelope";
import { LAST_ADMIN_MESSAGE } from "../shared/drf-envelope";
import { wordsFor, type SurfaceEnvelope, type Words } from "../shared/reason-words";

export const COCOTREE_MSG = {
  notAuthenticated: "Authentication credentials were not provided.",
  tokenInvalid: "Given token not valid for any token type",
  userNotFound: "User not found",
  usernameRequired: "Username is required",
  usernameTaken: "Username already exists",
  usernameTakenField: "A user with that username already exists.",
  currentPasswordRequired: "Current password is required",
  currentPasswordIncorrect: "Current password is incorrect",
  friendSelf: "Cannot send friend request to yourself",
  alreadyFriends: "Already friends with this user",
  requestNotFound: "Request not found",
  invalidResponse: "Invalid response type",
  friendshipNotFound: "Friendship not found",
  friendshipPair: "Friendship asymmetric OR not found",
  groupRequired: "Group name is required",
  groupTooLong: "Group name too long",
  chatNotFound: "Chat not found",
  notInChat: "User not in chat",
  invalidCount: "Invalid count value",
  notChatMember: "User is not a member of this chat",
  chatDoesNotExist: "Chat does not exist",
  groupChatNotFound: "Group Chat does not exist",
  userOrGroupChatNotFound: "User or group chat does not exist",
  userDoesNotExist: "User does not exist",
  noPermissions: "User does not have permissions",
  groupTooSmall: "Group Chat must have at least 3 members",
  groupTooLarge: "Group Chat can have at most 200 members",
  chatNameRequired: "Chat name is required and must be at most 100 characters",
  alreadyManager: "User is already a manager",
  notManager: "User is not a manager",
  alreadyOwner: "User is already the owner",
  alreadyInChat: "Target user is already in chat",
  notFriendsWithMember: "Inviter and target user are not friends",
  notFriendsWith: (username: string) => `You are not friends with ${username}`,
  noJoinRequest: "Target user does not have a join request",
  removeOwner: "Cannot remove the chat owner",
  ownerLeaving: "Chat owner cannot leave without transferring ownership first",
  messageNotFound: "Message does not exist",
  replyTarget: "Reply message does not exist in this chat",
  contentRequired: "Content is required",
  messageType: "message_type must be one of text, image, file, voice",
  attachment: "Attachment is missing or not a valid file for this message type",
  filterStart: "Invalid start_timestamp format",
  filterEnd: "Invalid end_timestamp format",
  announcementNotFound: "Announcement does not exist",
  invalidCredentials: "Wrong password",
  mfaRequired: "Two-factor authentication required.",
  lockedOut: "Locked out due to too many login failures.",
  permissionDenied: "You do not have permission to perform this action.",
  csrf: "CSRF Failed: Origin checking failed - the request comes from another site.",
  notFound: "Not found.",
  malformed: "Malformed request body.",
  invalidData: "Invalid data",
  tooLarge: "Request body is too large.",
  unsupportedMediaType: (mediaType: string) => `Unsupported media type "${mediaType}" in request.`,
  throttled: (seconds: number) => `Request was throttled. Expected available in ${seconds} seconds.`,
  conflict: "Conflict.",
  internal: "Internal server error.",
  unavailable: "Service temporarily unavailable, try again later.",
  misconfigured:
    "Service unavailable: the server is misconfigured and cannot answer until its operator fixes it.",
  methodNotAllowed: (method: string) => `HTTP method '${method}' is not allowed on this endpoint.`,
} as const;

/** A reason's answer where it differs from its code's default: the message, and the status or code when those differ too. */
export interface Worded {
  error: string;
  code?: number;
  status?: ErrorReply["status"];
}

export const w = (error: string, code?: number, status?: ErrorReply["status"]): Worded => ({
  error,
  code,
  status,
});

/** The entities whose reasons Cocotree's routes (auth, users, friends, chats, messages) can raise. */
const COCOTREE_RAISES = [
  "request",
  "auth",
  "twoFactor",
  "users",
  "lists",
  "mail",
  "friends",
  "chats",
] as const;

/** The reasons Cocotree words otherwise than its code's default. */
const COCOTREE_WORDS = {
  unknown_user: w("User does not exist"),
  token_invalid: w(COCOTREE_MSG.tokenInvalid),
  user: w(COCOTREE_MSG.userNotFound),
  current_password_required: w(COCOTREE_MSG.currentPasswordRequired),
  current_password: w(COCOTREE_MSG.currentPasswordIncorrect),
  friend_self: w(COCOTREE_MSG.friendSelf),
  already_friends: w(COCOTREE_MSG.alreadyFriends, 3, 400),
  friend_request: w(COCOTREE_MSG.requestNotFound),
  friend_response: w(COCOTREE_MSG.invalidResponse),
  friendship: w(COCOTREE_MSG.friendshipNotFound),
  friendship_pair: w(COCOTREE_MSG.friendshipPair),
  group_required: w(COCOTREE_MSG.groupRequired),
  group_too_long: w(COCOTREE_MSG.groupTooLong),
  // The seed answers these two lookups with code 1, unlike its other "not found"s.
  user_lookup: w(COCOTREE_MSG.userNotFound, 1),
  username_required: w(COCOTREE_MSG.usernameRequired),
  chat: w(COCOTREE_MSG.chatNotFound),
  not_chat_member: w(COCOTREE_MSG.notInChat, 2),
  message_count: w(COCOTREE_MSG.invalidCount, 2),
  // The chat documents answer their own failures with code 2, and request-shape failures with code 1.
  group_chat: w(COCOTREE_MSG.groupChatNotFound, 2),
  chat_user: w(COCOTREE_MSG.userDoesNotExist, 2),
  chat_role: w(COCOTREE_MSG.noPermissions, 2),
  group_too_small: w(COCOTREE_MSG.groupTooSmall, 2),
  group_too_large: w(COCOTREE_MSG.groupTooLarge, 2),
  chat_name: w(COCOTREE_MSG.chatNameRequired),
  already_manager: w(COCOTREE_MSG.alreadyManager, 2),
  not_manager: w(COCOTREE_MSG.notManager, 2),
  already_owner: w(COCOTREE_MSG.alreadyOwner, 2),
  already_in_chat: w(COCOTREE_MSG.alreadyInChat, 2),
  not_friends_with_member: w(COCOTREE_MSG.notFriendsWithMember, 2),
  not_friends_in_chat: w(COCOTREE_MSG.notFriendsWith("this user")),
  join_request: w(COCOTREE_MSG.noJoinRequest, 2),
  remove_owner: w(COCOTREE_MSG.removeOwner, 2),
  owner_leaving: w(COCOTREE_MSG.ownerLeaving, 2),
  message: w(COCOTREE_MSG.messageNotFound, 2),
  reply_target: w(COCOTREE_MSG.replyTarget),
  message_content: w(COCOTREE_MSG.contentRequired),
  message_type: w(COCOTREE_MSG.messageType),
  attachment: w(COCOTREE_MSG.attachment),
  filter_start: w(COCOTREE_MSG.filterStart),
  filter_end: w(COCOTREE_MSG.filterEnd),
  announcement: w(COCOTREE_MSG.announcementNotFound, 2),
  announcement_content: w(COCOTREE_MSG.contentRequired),
  last_admin: w(LAST_ADMIN_MESSAGE),
} satisfies Words<(typeof COCOTREE_RAISES)[number], Worded>;

/** Each code's status, Cocotree code and message when no reason words it. */
const BY_CODE: Record<
  Exclude<DomainErrorCode, "VALIDATION" | "RATE_LIMITED" | "UNSUPPORTED_MEDIA_TYPE" | "MFA_REQUIRED">,
  { status: ErrorReply["status"]; code: number; error: string }
> = {
  BAD_REQUEST: { status: 400, code: 1, error: COCOTREE_MSG.malformed },
  UNAUTHENTICATED: { status: 401, code: 1, error: COCOTREE_MSG.notAuthenticated },
  INVALID_CREDENTIALS: { status: 401, code: 1, error: COCOTREE_MSG.invalidCredentials },
  LOCKED: { status: 403, code: 1, error: COCOTREE_MSG.lockedOut },
  FORBIDDEN: { status: 403, code: 1, error: COCOTREE_MSG.permissionDenied },
  CSRF: { status: 403, code: 1, error: COCOTREE_MSG.csrf },
  NOT_FOUND: { status: 404, code: 2, error: COCOTREE_MSG.notFound },
  CONFLICT: { status: 409, code: 1, error: COCOTREE_MSG.conflict },
  PAYLOAD_TOO_LARGE: { status: 413, code: 1, error: COCOTREE_MSG.tooLarge },
  UNAVAILABLE: { status: 503, code: 1, error: COCOTREE_MSG.unavailable },
};

/** Field errors as Cocotree's `payload`: `{"field": ["msg"]}`, a taken username in the seed's words. */
export function cocotreeFields(fields: FieldErrors = {}) {
  const out: Record<string, string[]> = {};
  for (const [field, errors] of Object.entries(fields)) {
    out[field] = errors.map((e) =>
      field === "username" && e.code === "unique" ? COCOTREE_MSG.usernameTakenField : e.message,
    );
  }
  return out;
}

/** The headline of a field-error answer: the seed's for a taken username, else the first message. */
function fieldsHeadline(fields: FieldErrors = {}) {
  if (fields.username?.some((e) => e.code === "unique")) return COCOTREE_MSG.usernameTaken;
  return Object.values(fields)[0]?.[0]?.message ?? COCOTREE_MSG.invalidData;
}

const fail = (status: ErrorReply["status"], code: number, error: string, extra: object = {}): ErrorReply => ({
  status,
  body: { code, error, ...extra },
});

export const cocotreeEnvelope: SurfaceEnvelope = {
  raises: COCOTREE_RAISES,
  fromDomain(err: DomainError): ErrorReply {
    switch (err.code) {
      case "VALIDATION":
        return fail(400, 1, fieldsHeadline(err.fields), { payload: cocotreeFields(err.fields) });
      case "UNSUPPORTED_MEDIA_TYPE":
        return fail(415, 1, COCOTREE_MSG.unsupportedMediaType(err.mediaType ?? ""));
      case "RATE_LIMITED": {
        const seconds = err.retryAfterSeconds ?? 60;
        return {
          ...fail(429, 1, COCOTREE_MSG.throttled(seconds)),
          headers: { "Retry-After": String(seconds) },
        };
      }
      case "MFA_REQUIRED":
        return fail(401, 1, COCOTREE_MSG.mfaRequired, { mfa_token: err.mfaToken });
      default: {
        // The one failure whose words name someone: the private chat's other member.
        if (err instanceof NotFriendsInChat) return fail(403, 1, COCOTREE_MSG.notFriendsWith(err.username));
        const base = BY_CODE[err.code];
        const worded = wordsFor<Worded>(COCOTREE_WORDS, err);
        return fail(worded?.status ?? base.status, worded?.code ?? base.code, worded?.error ?? base.error);
      }
    }
  },
  internal: () => ({ code: 1, error: COCOTREE_MSG.internal }),
  misconfigured: () => ({ code: 1, error: COCOTREE_MSG.misconfigured }),
};

/** A reason's answer with a route's own wording laid over the default (the chat documents word one failure several ways). */
export function cocotreeWorded(err: DomainError, worded: Worded): ErrorReply {
  const base = BY_CODE[err.code as keyof typeof BY_CODE] ?? BY_CODE.BAD_REQUEST;
  const own = wordsFor<Worded>(COCOTREE_WORDS, err);
  return fail(
    worded.status ?? own?.status ?? base.status,
    worded.code ?? own?.code ?? base.code,
    worded.error,
  );
}

export const cocotreeMethodNotAllowed = (method: string) => ({
  code: 2,
  error: COCOTREE_MSG.methodNotAllowed(method),
});

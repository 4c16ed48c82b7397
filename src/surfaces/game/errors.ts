// seed 001 / 003: errors are {"errors": …}, the lockout alone is {"error": …}.
import type { DomainError, FieldErrorCode, FieldErrors } from "../../domain/errors";
import type { ErrorReply } from "../../http/envelope";
import { wordsFor, type SurfaceEnvelope, type Words } from "../shared/reason-words";
import { LAST_ADMIN_MESSAGE } from "../shared/drf-envelope";

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
  misconfigured:
    "Service unavailable: the server is misconfigured and cannot answer until its operator fixes it.",
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

/** The entities whose reasons the game's routes (register, login, profile, avatar, leaderboard) can raise. */
const GAME_RAISES = ["request", "auth", "twoFactor", "users", "lists", "mail"] as const;

/** The reasons the game words otherwise than its code's message. */
const GAME_WORDS = {
  malformed_json: GAME_MSG.invalidJson,
  unknown_user: GAME_MSG.unknownUsername,
  last_admin: LAST_ADMIN_MESSAGE,
} satisfies Words<(typeof GAME_RAISES)[number], string>;

const worded = (err: DomainError) => wordsFor<string>(GAME_WORDS, err);

export const gameEnvelope: SurfaceEnvelope = {
  raises: GAME_RAISES,
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
  misconfigured: () => ({ errors: GAME_MSG.misconfigured }),
};

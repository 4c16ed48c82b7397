import { AUTH_REASONS } from "./auth/reasons";
import { TWO_FACTOR_REASONS } from "./auth/two-factor/reasons";
import { CHAT_REASONS } from "./chats/reasons";
import { CODE_REASONS } from "./codes/reasons";
import { CREATOR_REASONS } from "./creators/reasons";
import { FOLLOW_REASONS } from "./follows/reasons";
import { FRIEND_REASONS } from "./friends/reasons";
import { LIST_REASONS } from "./lists/reasons";
import { MAIL_REASONS } from "./mail/reasons";
import { MEDIA_REASONS } from "./media/reasons";
import { NOTIFICATION_REASONS } from "./notifications/reasons";
import { PARENTAL_REASONS } from "./parental/reasons";
import { POST_REASONS } from "./posts/reasons";
import { USER_REASONS } from "./users/reasons";
import { VIDEO_REASONS } from "./videos/reasons";

/**
 * The one error type the domain throws. Each surface maps a code to its own status
 * and envelope; the domain never speaks HTTP.
 */
export type DomainErrorCode =
  | "VALIDATION"
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "INVALID_CREDENTIALS"
  | "LOCKED"
  | "MFA_REQUIRED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "CSRF"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

/** An entity's closed list of reasons, each with the one code it is thrown with. */
export type ReasonTable = Readonly<Record<string, DomainErrorCode>>;

/** Reasons about the request as a whole, raised around any verb (by the framework, the router, the limiter). */
export const REQUEST_REASONS = {
  malformed_body: "BAD_REQUEST",
  malformed_json: "BAD_REQUEST",
  route: "NOT_FOUND",
  too_many_requests: "RATE_LIMITED",
} as const satisfies ReasonTable;

/** Every entity's list; a reason name belongs to one entity only (checked in test/domain/reasons.test.ts). */
export const REASON_TABLES = {
  request: REQUEST_REASONS,
  auth: AUTH_REASONS,
  twoFactor: TWO_FACTOR_REASONS,
  users: USER_REASONS,
  follows: FOLLOW_REASONS,
  parental: PARENTAL_REASONS,
  creators: CREATOR_REASONS,
  notifications: NOTIFICATION_REASONS,
  mail: MAIL_REASONS,
  media: MEDIA_REASONS,
  codes: CODE_REASONS,
  lists: LIST_REASONS,
  posts: POST_REASONS,
  videos: VIDEO_REASONS,
  friends: FRIEND_REASONS,
  chats: CHAT_REASONS,
} as const;

export const REASONS = {
  ...REQUEST_REASONS,
  ...AUTH_REASONS,
  ...TWO_FACTOR_REASONS,
  ...USER_REASONS,
  ...FOLLOW_REASONS,
  ...PARENTAL_REASONS,
  ...CREATOR_REASONS,
  ...NOTIFICATION_REASONS,
  ...MAIL_REASONS,
  ...MEDIA_REASONS,
  ...CODE_REASONS,
  ...LIST_REASONS,
  ...POST_REASONS,
  ...VIDEO_REASONS,
  ...FRIEND_REASONS,
  ...CHAT_REASONS,
} as const;

/** What failed, in the domain's terms; a surface words those its routes raise, its envelope family the rest. */
export type Reason = keyof typeof REASONS;
/** An entity of REASON_TABLES: what a surface names to say which reasons its routes can raise. */
export type Entity = keyof typeof REASON_TABLES;
/** The reasons of some entities (each entity's in turn: `keyof` a union would keep only the names they share). */
export type ReasonIn<E extends Entity> = E extends Entity ? keyof (typeof REASON_TABLES)[E] & Reason : never;
/** The reasons a code may carry: `new DomainError("NOT_FOUND", "follow_self")` does not compile. */
export type ReasonOf<C extends DomainErrorCode> = {
  [R in Reason]: (typeof REASONS)[R] extends C ? R : never;
}[Reason];

/**
 * Field error codes are a contract too: surfaces reword by code (e.g. Twimbol's "username:unique"),
 * so a code is one of these, never free text.
 */
export const FIELD_ERROR_CODES = [
  "required",
  "invalid",
  "blank",
  "max_length",
  "invalid_choice",
  "invalid_date",
  "null_characters_not_allowed",
  "surrogate_characters_not_allowed",
  "control_characters_not_allowed",
  "separator_characters_not_allowed",
  "bidi_characters_not_allowed",
  "unique",
  "does_not_exist",
  "not_self",
  "password_incorrect",
  "password_unchanged",
  "password_mismatch",
  "password_too_similar",
  "password_too_short",
  "password_too_common",
  "password_entirely_numeric",
  "invalid_extension",
  "file_too_large",
  "invalid_image",
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export const isFieldErrorCode = (code: string): code is FieldErrorCode =>
  (FIELD_ERROR_CODES as readonly string[]).includes(code);

/** A field error keeps a stable code beside Django's message so a surface can reword it. */
export interface FieldError {
  code: FieldErrorCode;
  message: string;
  /** Values the message was built from (e.g. `max`, `pk`), so a surface can reword it. */
  params?: Record<string, number>;
}

export type FieldErrors = Record<string, FieldError[]>;

/** What a code must carry besides its reason, in typed fields rather than in the reason. */
interface Payloads {
  VALIDATION: { fields: FieldErrors };
  RATE_LIMITED: { retryAfterSeconds: number };
  /** `mediaType` is the Content-Type as sent ("" when none). */
  UNSUPPORTED_MEDIA_TYPE: { mediaType: string };
  /** The single-use ticket a login route hands out instead of logging in (src/domain/auth/two-factor/). */
  MFA_REQUIRED: { mfaToken: string };
}

type Args<C extends DomainErrorCode> = C extends keyof Payloads
  ? [reason: ReasonOf<C> | undefined, payload: Payloads[C]]
  : [reason?: ReasonOf<C>];

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  readonly reason?: Reason;
  readonly fields?: FieldErrors;
  /** Seconds until a RATE_LIMITED caller may try again. */
  readonly retryAfterSeconds?: number;
  /** The Content-Type an UNSUPPORTED_MEDIA_TYPE refused. */
  readonly mediaType?: string;
  /** The ticket an MFA_REQUIRED answer carries. */
  readonly mfaToken?: string;

  constructor(
    readonly code: C,
    ...[reason, payload]: Args<C>
  ) {
    super(reason ? `${code}: ${reason}` : code);
    this.name = "DomainError";
    this.reason = reason;
    const p: Partial<
      Payloads["VALIDATION"] &
        Payloads["RATE_LIMITED"] &
        Payloads["UNSUPPORTED_MEDIA_TYPE"] &
        Payloads["MFA_REQUIRED"]
    > = payload ?? {};
    this.fields = p.fields;
    this.retryAfterSeconds = p.retryAfterSeconds;
    this.mediaType = p.mediaType;
    this.mfaToken = p.mfaToken;
  }
}

/** A page a paginated list does not have (past the end, 0, not a number). */
export const invalidPage = () => new DomainError("NOT_FOUND", "invalid_page");

export const validationError = (fields: FieldErrors) => new DomainError("VALIDATION", undefined, { fields });

export const unsupportedMediaType = (mediaType: string) =>
  new DomainError("UNSUPPORTED_MEDIA_TYPE", undefined, { mediaType });

export const rateLimited = (reason: ReasonOf<"RATE_LIMITED">, retryAfterSeconds: number) =>
  new DomainError("RATE_LIMITED", reason, { retryAfterSeconds });

export function addFieldError(
  fields: FieldErrors,
  field: string,
  code: FieldErrorCode,
  message: string,
  params?: Record<string, number>,
) {
  (fields[field] ??= []).push(params ? { code, message, params } : { code, message });
}

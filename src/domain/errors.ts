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
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "CSRF"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

/** A field error keeps a stable code beside Django's message so a surface can reword it. */
export interface FieldError {
  code: string;
  message: string;
  /** Values the message was built from (e.g. `max`), so a surface can reword it. */
  params?: Record<string, number>;
}

export type FieldErrors = Record<string, FieldError[]>;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** What failed, in words a surface may pass on or replace (e.g. "unknown_user", "user"). */
    readonly reason?: string,
    readonly fields?: FieldErrors,
    /** Values a surface builds its message from (e.g. the refused `mediaType`), kept out of `reason`. */
    readonly params?: Readonly<Record<string, string>>,
  ) {
    super(reason ? `${code}: ${reason}` : code);
    this.name = "DomainError";
  }
}

/** A page a paginated list does not have (past the end, 0, not a number). */
export const invalidPage = () => new DomainError("NOT_FOUND", "invalid_page");

export const validationError = (fields: FieldErrors) => new DomainError("VALIDATION", undefined, fields);

/** A body in a format the route does not parse; `mediaType` is the Content-Type as sent ("" when none). */
export const unsupportedMediaType = (mediaType: string) => new DomainError("UNSUPPORTED_MEDIA_TYPE", "media_type", undefined, { mediaType });

export function addFieldError(fields: FieldErrors, field: string, code: string, message: string, params?: Record<string, number>) {
  (fields[field] ??= []).push(params ? { code, message, params } : { code, message });
}

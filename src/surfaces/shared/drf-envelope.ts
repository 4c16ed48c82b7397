// Django REST Framework's error shapes: {"detail": …} or {"field": ["msg"]}.
import type { DomainError, Entity, FieldError, FieldErrors } from "../../domain/errors";
import type { ErrorReply } from "../../http/envelope";
import { wordsFor, type SurfaceEnvelope, type Words } from "./reason-words";

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
  misconfigured:
    "Service unavailable: the server is misconfigured and cannot answer until its operator fixes it.",
} as const;

export const drfFields = (fields: FieldErrors = {}, rename: Record<string, string> = {}) => {
  const out: Record<string, string[]> = {};
  for (const [field, errors] of Object.entries(fields))
    (out[rename[field] ?? field] ??= []).push(...errors.map((e) => e.message));
  return out;
};

/** DRF serializers word these differently from the Django form messages the domain defaults to. */
export function drfWording(e: FieldError) {
  if (e.code === "max_length" && e.params?.max !== undefined)
    return `Ensure this field has no more than ${e.params.max} characters.`;
  if (e.code === "does_not_exist" && e.params?.pk !== undefined)
    return `Invalid pk "${e.params.pk}" - object does not exist.`;
  return undefined;
}

const drfWorded = (fields: FieldErrors = {}): FieldErrors =>
  Object.fromEntries(
    Object.entries(fields).map(([field, errors]) => [
      field,
      errors.map((e) => ({ ...e, message: drfWording(e) ?? e.message })),
    ]),
  );

export const detail = (status: ErrorReply["status"], message: string): ErrorReply => ({
  status,
  body: { detail: message },
});

/** What every DRF API says for a reason its code alone would word too vaguely: DRF's paginator's own message. */
const DRF_WORDS = {
  invalid_page: detail(404, DRF_MSG.invalidPage),
} satisfies Words<"lists", ErrorReply>;

/**
 * The DRF envelope in one API's words: `override` first (e.g. field rewording), then the API's own
 * words for the reasons its routes raise, then the family's, then the code.
 */
export function drfEnvelope<E extends Entity>(
  raises: readonly E[],
  words: NoInfer<Words<E, ErrorReply>>,
  override?: (err: DomainError) => ErrorReply | undefined,
): SurfaceEnvelope {
  return {
    raises,
    fromDomain(err) {
      const custom =
        override?.(err) ?? wordsFor<ErrorReply>(words, err) ?? wordsFor<ErrorReply>(DRF_WORDS, err);
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
    misconfigured: () => ({ detail: DRF_MSG.misconfigured }),
  };
}

/** Plain DRF, for the paths of no API (health, docs, the dev outbox, unowned paths): no reason of theirs has words of its own. */
export const defaultDrfEnvelope = drfEnvelope(["request"], {});

/** The admin API's refusal to empty the admin group, which MediaCMS words alike. */
/** Why an account of the last active admin may not be demoted, banned, deactivated or deleted; every API says it. */
export const LAST_ADMIN_MESSAGE =
  "This would leave no active admin: the last active account in the admin group cannot be demoted, banned, deactivated or deleted.";
export const LAST_ADMIN = detail(409, LAST_ADMIN_MESSAGE);
export const ADMIN_SELF = detail(403, "Admins cannot ban, deactivate, delete or demote their own account.");

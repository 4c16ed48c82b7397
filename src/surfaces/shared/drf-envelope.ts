// Django REST Framework's error shapes: {"detail": …} or {"field": ["msg"]}.
import type { DomainError, FieldErrors } from "../../domain/errors";
import type { Envelope, ErrorReply } from "../../http/envelope";

export const DRF_MSG = {
  notAuthenticated: "Authentication credentials were not provided.",
  noActiveAccount: "No active account found with the given credentials",
  lockedOut: "Locked out due to too many login failures.",
  permissionDenied: "You do not have permission to perform this action.",
  notFound: "Not found.",
  invalidPage: "Invalid page.",
  csrf: "CSRF Failed: Origin checking failed - the request comes from another site.",
  malformed: "Malformed request body.",
  tooLarge: "Request body is too large.",
  unsupportedMediaType: (mediaType: string) => `Unsupported media type "${mediaType}" in request.`,
  throttled: (seconds: string) => `Request was throttled. Expected available in ${seconds} seconds.`,
  internal: "Internal server error.",
  unavailable: "Service temporarily unavailable, try again later.",
} as const;

export const drfFields = (fields: FieldErrors = {}, rename: Record<string, string> = {}) => {
  const out: Record<string, string[]> = {};
  for (const [field, errors] of Object.entries(fields)) (out[rename[field] ?? field] ??= []).push(...errors.map((e) => e.message));
  return out;
};

const detail = (status: ErrorReply["status"], message: string): ErrorReply => ({ status, body: { detail: message } });

/** The DRF envelope; a surface may reword single cases through `override`. */
export function drfEnvelope(override?: (err: DomainError) => ErrorReply | undefined): Envelope {
  return {
    fromDomain(err) {
      const custom = override?.(err);
      if (custom) return custom;
      switch (err.code) {
        case "VALIDATION":
          return { status: 400, body: drfFields(err.fields) };
        case "BAD_REQUEST":
          return detail(400, DRF_MSG.malformed);
        case "UNAUTHENTICATED":
          return detail(401, DRF_MSG.notAuthenticated);
        case "INVALID_CREDENTIALS":
          return detail(401, DRF_MSG.noActiveAccount);
        case "LOCKED":
          return detail(403, DRF_MSG.lockedOut);
        case "FORBIDDEN":
          return detail(403, DRF_MSG.permissionDenied);
        case "CSRF":
          return detail(403, DRF_MSG.csrf);
        case "NOT_FOUND":
          return detail(404, err.reason === "invalid_page" ? DRF_MSG.invalidPage : DRF_MSG.notFound);
        case "CONFLICT":
          return detail(400, err.reason ?? "Conflict.");
        case "PAYLOAD_TOO_LARGE":
          return detail(413, DRF_MSG.tooLarge);
        case "UNSUPPORTED_MEDIA_TYPE":
          return detail(415, DRF_MSG.unsupportedMediaType(err.params?.mediaType ?? ""));
        case "UNAVAILABLE":
          return detail(503, DRF_MSG.unavailable);
        case "RATE_LIMITED":
          return { ...detail(429, DRF_MSG.throttled(err.reason ?? "60")), headers: { "Retry-After": err.reason ?? "60" } };
      }
    },
    internal: () => ({ detail: DRF_MSG.internal }),
  };
}

export const defaultDrfEnvelope = drfEnvelope();

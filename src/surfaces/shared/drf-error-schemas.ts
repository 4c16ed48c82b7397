// The bodies drf-envelope.ts answers, as schemas for the route declarations (src/http/openapi.ts).
import * as z from "zod";

/** `{"detail": "…"}`: every error that is not about a field. */
export const drfDetail = z.object({ detail: z.string() });
/** `{"field": ["msg", …]}`: a serializer's field errors. */
export const drfFieldErrors = z.record(z.string(), z.array(z.string()));
/** `{"non_field_errors": ["msg"]}`: a serializer-level error. */
export const drfNonFieldErrors = z.object({ non_field_errors: z.array(z.string()) });
/** A user with 2FA: the password was right, and `POST /accounts/2fa/authenticate` takes this ticket and a code. */
export const drfMfaRequired = z.object({
  detail: z.literal("Two-factor authentication required."),
  mfa_token: z.string(),
});
/** A 400 that is either about fields or a plain `detail`. */
export const drfBadRequest = z.union([drfDetail, drfFieldErrors]);

export const drfError = (description: string, schema: z.ZodType = drfDetail) => ({ description, schema });
export const DRF_UNAUTHENTICATED = drfError("Not authenticated");

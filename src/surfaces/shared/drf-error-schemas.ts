// The bodies drf-envelope.ts answers, as schemas for the route declarations (src/http/openapi.ts).
import * as z from "zod";

/** `{"detail": "…"}`: every error that is not about a field. */
export const drfDetail = z.object({ detail: z.string() });
/** `{"field": ["msg", …]}`: a serializer's field errors. */
export const drfFieldErrors = z.record(z.string(), z.array(z.string()));
/** `{"non_field_errors": ["msg"]}`: a serializer-level error. */
export const drfNonFieldErrors = z.object({ non_field_errors: z.array(z.string()) });
/** A 400 that is either about fields or a plain `detail`. */
export const drfBadRequest = z.union([drfDetail, drfFieldErrors]);

export const drfError = (description: string, schema: z.ZodType = drfDetail) => ({ description, schema });
export const DRF_UNAUTHENTICATED = drfError("Not authenticated");

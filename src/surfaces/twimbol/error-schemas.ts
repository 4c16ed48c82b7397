// seed 004 §14: the bodies twimbol/errors.ts answers, as schemas for the route declarations.
import * as z from "zod";

export {
  drfBadRequest,
  drfDetail,
  drfError,
  drfFieldErrors,
  drfNonFieldErrors,
  DRF_UNAUTHENTICATED,
} from "../shared/drf-error-schemas";

/** simplejwt's refusal of a refresh token: `{"detail": …, "code": "token_not_valid"}`. */
export const tokenNotValid = z.object({ detail: z.string(), code: z.literal("token_not_valid") });

// seed 001 / 003: the bodies game/errors.ts answers, as schemas for the route declarations.
import * as z from "zod";

/** `{"errors": "…"}` */
export const gameMessage = z.object({ errors: z.string() });
/** `{"errors": {"field": ["msg"]}}` */
export const gameFieldErrors = z.object({ errors: z.record(z.string(), z.array(z.string())) });
/** `{"error": "…"}`: the lockout alone. */
export const gameLockout = z.object({ error: z.string() });
/** A user with 2FA: the password was right, and `POST /accounts/2fa/authenticate` takes this ticket and a code. */
export const gameMfaRequired = z.object({
  errors: z.literal("Two-factor authentication required."),
  mfa_token: z.string(),
});
export const gameBadRequest = z.union([gameMessage, gameFieldErrors]);

export const gameError = (description: string, schema: z.ZodType = gameMessage) => ({ description, schema });
export const GAME_UNAUTHENTICATED = gameError("Not authenticated");

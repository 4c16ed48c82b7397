import { errors, jwtVerify } from "jose";

/** What a SimpleJWT token of the old Django system says, once its signature and expiry check out. */
export interface DjangoTokenClaims {
  userId: number;
  jti: string;
  expiresAt: Date;
}

export type DjangoTokenType = "access" | "refresh";

/**
 * Verifies a token djangorestframework-simplejwt issued with its defaults (Twimbol's settings name
 * no other): HS256 signed with the project's SECRET_KEY as UTF-8 bytes, no issuer or audience, the
 * user in `user_id` (an int, or a string since 5.5), its kind in `token_type`. Null for anything
 * else, including a token of the other type: an access token is not a refresh token.
 */
export async function verifyDjangoToken(
  token: string,
  secret: Uint8Array,
  type: DjangoTokenType,
  now: Date,
): Promise<DjangoTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["exp", "jti"],
    });
    if (
      payload.token_type !== type ||
      typeof payload.jti !== "string" ||
      !payload.jti ||
      payload.jti.length > 64
    )
      return null;
    const raw = payload.user_id;
    const userId =
      typeof raw === "number" ? raw : typeof raw === "string" && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(userId) || userId <= 0) return null;
    return { userId, jti: payload.jti, expiresAt: new Date(payload.exp! * 1000) };
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
    throw err;
  }
}

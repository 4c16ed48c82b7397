import { SignJWT, jwtVerify, errors } from "jose";

export interface AccessClaims {
  sub: string;
  /** The session's random handle. */
  sid: string;
  cv: number;
}

export interface JwtSettings {
  secret: Uint8Array;
  issuer: string;
  audience: string;
}

const ALGORITHM = "HS256";
const ACCESS_TYPE = "access";

export async function signAccessToken(
  claims: AccessClaims,
  settings: JwtSettings,
  ttlSeconds: number,
  now: Date,
) {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ sid: claims.sid, cv: claims.cv, typ: ACCESS_TYPE })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(settings.secret);
}

/** Returns the claims of a valid access token, or null for anything else (forged, expired, `alg: none`, wrong type). */
export async function verifyAccessToken(
  token: string,
  settings: JwtSettings,
  now: Date,
): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, settings.secret, {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      currentDate: now,
      // A token without an expiry would never die: refuse it whatever signed it.
      requiredClaims: ["exp", "iat"],
    });
    if (payload.typ !== ACCESS_TYPE || typeof payload.sub !== "string") return null;
    if (typeof payload.sid !== "string" || typeof payload.cv !== "number") return null;
    return { sub: payload.sub, sid: payload.sid, cv: payload.cv };
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return null;
    throw err;
  }
}

// Credentials as the old Django systems issued them, made from a test SECRET_KEY: SimpleJWT
// tokens (jose, HS256, SimpleJWT's claims) and django_session rows (Django's signing format, the
// same one test/fixtures/django-sessions/django.json pins against Django itself).
import { createHash, createHmac, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { sessionAuthHash } from "../../scripts/import/django-session";

export const DJANGO_KEY = "django-insecure-test-key-for-session-vectors-0123456789";
/** The vars of a Worker that holds the old system's key. */
export const WITH_KEY = { DJANGO_SECRET_KEY: DJANGO_KEY };

/** A SimpleJWT token as Twimbol's backend signed it: `exp` seconds from now (negative: already expired). */
export function simpleJwt(
  type: "access" | "refresh",
  userId: number,
  { key = DJANGO_KEY, exp = 3600, jti = randomUUID().replaceAll("-", "") } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ token_type: type, user_id: userId, jti })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now - 60)
    .setExpirationTime(now + exp)
    .sign(new TextEncoder().encode(key));
}

/** `SessionStore.encode(session)` (uncompressed), signed with `key`. */
export function djangoSessionData(session: Record<string, unknown>, key = DJANGO_KEY) {
  const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
  const value = `${payload}:${Math.floor(Date.now() / 1000).toString(36)}`;
  const hmacKey = createHash("sha256")
    .update("django.contrib.sessions.SessionStoresigner" + key)
    .digest();
  return `${value}:${createHmac("sha256", hmacKey).update(value).digest("base64url")}`;
}

/** What Django's login puts in a session for this user. */
export const loggedInSession = (userId: number, passwordHash: string, key = DJANGO_KEY) => ({
  _auth_user_id: String(userId),
  _auth_user_backend: "django.contrib.auth.backends.ModelBackend",
  _auth_user_hash: sessionAuthHash(passwordHash, key),
});

// Reads a `django_session` row as Django 3.1+ wrote it, with the old system's SECRET_KEY, and the
// `_auth_user_hash` check Django's auth middleware makes on every request. Imported at the cutover
// only (scripts/import/plan.ts), so the Worker never parses Django's format.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { inflateSync } from "node:zlib";

/** The HMAC key `salted_hmac` derives, per salt and secret: an import reads every session with the same two. */
const derivedKeys = new Map<string, Buffer>();
const derivedKey = (keySalt: string, secret: string) => {
  const id = `${keySalt}\0${secret}`;
  let key = derivedKeys.get(id);
  if (!key)
    derivedKeys.set(
      id,
      (key = createHash("sha256")
        .update(keySalt + secret)
        .digest()),
    );
  return key;
};

/** `django.utils.crypto.salted_hmac(key_salt, value, secret, algorithm="sha256")`. */
const saltedHmac = (keySalt: string, value: string, secret: string) =>
  createHmac("sha256", derivedKey(keySalt, secret)).update(value);

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * `signing.loads(data, salt="django.contrib.sessions.SessionStore")`: `[.]<base64 json>:<timestamp>:<signature>`,
 * the signature a base64url HMAC-SHA256 over the rest (salt + "signer"), a leading dot meaning zlib.
 * Null when the signature is not the key's or the content is not a JSON object. Django before 3.1
 * wrote another format (removed in 4.0): such rows read as null, and their users sign in again.
 */
export function decodeSessionData(data: string, secretKey: string): Record<string, unknown> | null {
  const cut = data.lastIndexOf(":");
  if (cut < 0) return null;
  const signed = data.slice(0, cut);
  const expected = saltedHmac("django.contrib.sessions.SessionStore" + "signer", signed, secretKey).digest(
    "base64url",
  );
  if (!sameText(data.slice(cut + 1), expected)) return null;
  const payload = signed.slice(0, signed.lastIndexOf(":"));
  try {
    const compressed = payload.startsWith(".");
    const bytes = Buffer.from(compressed ? payload.slice(1) : payload, "base64url");
    const value: unknown = JSON.parse((compressed ? inflateSync(bytes) : bytes).toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** `AbstractBaseUser.get_session_auth_hash()`: Django drops a session whose hash is not the current password's. */
export const sessionAuthHash = (passwordHash: string, secretKey: string) =>
  saltedHmac(
    "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
    passwordHash,
    secretKey,
  ).digest("hex");

/**
 * The user a session signs in, if Django would still honour it: signed with the key, naming a user,
 * and carrying the HMAC of that user's password hash (a password changed since voids it).
 */
export function sessionUser(
  data: string,
  secretKey: string,
  passwordHashOf: (userId: number) => string | undefined,
): number | null {
  const session = decodeSessionData(data, secretKey);
  const userId = Number(session?._auth_user_id);
  if (!Number.isSafeInteger(userId) || userId <= 0) return null;
  const password = passwordHashOf(userId);
  const hash = session?._auth_user_hash;
  if (
    password === undefined ||
    typeof hash !== "string" ||
    !sameText(hash, sessionAuthHash(password, secretKey))
  )
    return null;
  return userId;
}

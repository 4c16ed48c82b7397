// TOTP secrets at rest: AES-256-GCM under a key derived (HKDF-SHA-256) from TOTP_ENCRYPTION_KEY or JWT_SECRET.
import { base64url } from "./secrets";

const INFO = new TextEncoder().encode("totp-secret-encryption-v1");
const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function keyFor(material: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(material);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", material, "HKDF", false, ["deriveKey"])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: INFO },
          base,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        ),
      );
    keys.set(material, key);
  }
  return key;
}

const fromBase64url = (s: string) =>
  Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));

/** `iv.ciphertext`, both base64url; the user id is bound as additional data so a row cannot be copied to another user. */
export async function sealSecret(material: Uint8Array, userId: number, secret: Uint8Array): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: aad(userId) },
    await keyFor(material),
    secret,
  );
  return `${base64url(iv)}.${base64url(new Uint8Array(sealed))}`;
}

export async function openSecret(material: Uint8Array, userId: number, stored: string): Promise<Uint8Array> {
  const [iv, data] = stored.split(".");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64url(iv!), additionalData: aad(userId) },
    await keyFor(material),
    fromBase64url(data!),
  );
  return new Uint8Array(plain);
}

const aad = (userId: number) => new TextEncoder().encode(`user:${userId}`);

/** Resolved keys only: a promise made in one request must never be awaited by another (workerd refuses it). */
const keys = new WeakMap<Uint8Array, CryptoKey>();

/** HMAC-SHA256 hex: short codes are hashed with a server secret so a leaked table cannot be brute-forced offline. */
export async function hmacHex(secret: Uint8Array, message: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message));
  return [...new Uint8Array(sig)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Opaque credentials: random on the wire, only their SHA-256 at rest. */
export function randomToken(bytes = 32): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(buf);
}

export function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A uniformly random decimal code (no modulo bias) for reset and OTP mails. */
export function randomDigits(length: number): string {
  const limit = 10 ** length;
  const ceiling = Math.floor(0x1_0000_0000 / limit) * limit;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    const n = buf[0]!;
    if (n < ceiling) return String(n % limit).padStart(length, "0");
  }
}

const FRIENDLY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** MediaCMS's friendly token: 9 characters of [a-zA-Z0-9], uniformly random (248 = 4 × 62 keeps it unbiased). */
export function friendlyToken(length = 9): string {
  let token = "";
  const buf = new Uint8Array(1);
  while (token.length < length) {
    crypto.getRandomValues(buf);
    if (buf[0]! < 248) token += FRIENDLY_CHARS[buf[0]! % 62];
  }
  return token;
}

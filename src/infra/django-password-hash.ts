import { scrypt as nodeScrypt } from "node:crypto";
import { argon2d, argon2i, argon2id } from "@noble/hashes/argon2.js";
import { md5, sha1 } from "@noble/hashes/legacy.js";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import bcrypt from "bcryptjs";

/**
 * Password hashes imported from a Django system (`npm run import`), stored as `django:` followed by
 * Django's own string. The prefix keeps them apart from this service's `scrypt$…` (Django's scrypt
 * hashes also start with `scrypt$`, with the fields in another order). A hash that verifies is
 * rewritten to this service's scrypt by the login that proved it.
 */
export const DJANGO_PREFIX = "django:";

/**
 * Workers' native PBKDF2 refuses more iterations than this in production, though local workerd and
 * vitest allow them (cloudflare/workerd#1346): above it the verifier runs PBKDF2 in JavaScript.
 */
export const NATIVE_PBKDF2_MAX_ITERATIONS = 100_000;

/**
 * Work factors past these are refused rather than computed: Django's own defaults sit well below
 * (PBKDF2 1,200,000 in 6.0; argon2 t=2, m=100 MiB; bcrypt 12 rounds; scrypt 2^14, r=8), and a row
 * that asks for more would burn a Worker's CPU or memory on every guess.
 */
export const LIMITS = {
  pbkdf2Iterations: 2_000_000,
  argon2MemoryKiB: 102_400,
  argon2Time: 10,
  argon2Lanes: 16,
  bcryptRounds: 13,
  scryptMemoryBytes: 64 * 1024 * 1024,
} as const;

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Compares in time that depends on the lengths only, never on where the bytes differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function decodeBase64(text: string): Uint8Array | null {
  // Django writes padded base64; argon2's PHC strings leave the padding off.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.padEnd(Math.ceil(text.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const integer = (text: string | undefined) =>
  text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : null;

type Digest = "SHA-256" | "SHA-1";

/** The one place PBKDF2 runs: natively only within the production cap, in JavaScript above it. */
export async function pbkdf2Bytes(
  digest: Digest,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  length: number,
) {
  if (iterations <= NATIVE_PBKDF2_MAX_ITERATIONS) {
    const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits(
      { name: "PBKDF2", hash: digest, salt, iterations },
      key,
      length * 8,
    );
    return new Uint8Array(bits);
  }
  return pbkdf2(digest === "SHA-256" ? sha256 : sha1, password, salt, { c: iterations, dkLen: length });
}

async function checkPbkdf2(digest: Digest, password: string, fields: string[]): Promise<boolean> {
  const [iterationsText, salt, hash] = fields;
  const iterations = integer(iterationsText);
  const expected = decodeBase64(hash ?? "");
  if (fields.length !== 3 || !iterations || !salt || !expected?.length) return false;
  if (iterations > LIMITS.pbkdf2Iterations) return false;
  const actual = await pbkdf2Bytes(
    digest,
    utf8(password),
    utf8(salt),
    iterations,
    digest === "SHA-256" ? 32 : 20,
  );
  return sameBytes(actual, expected);
}

/** Django's argon2 field: argon2-cffi's PHC string without its leading `$`. */
function checkArgon2(password: string, fields: string[]): boolean {
  // `argon2id$v=19$m=…,t=…,p=…$salt$hash`; argon2-cffi before 16 wrote no `v=` (version 0x10).
  const [variant, ...rest] = fields;
  const version = rest.length === 4 ? rest.shift() : "v=16";
  if (rest.length !== 3 || !version?.startsWith("v=")) return false;
  const [paramsText, saltText, hashText] = rest as [string, string, string];
  const params = Object.fromEntries(paramsText.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const [m, t, p, v] = [integer(params.m), integer(params.t), integer(params.p), integer(version.slice(2))];
  const salt = decodeBase64(saltText);
  const expected = decodeBase64(hashText);
  if (
    !m ||
    !t ||
    !p ||
    (v !== 16 && v !== 19) ||
    !salt ||
    salt.length < 8 ||
    !expected ||
    expected.length < 4
  )
    return false;
  if (m > LIMITS.argon2MemoryKiB || t > LIMITS.argon2Time || p > LIMITS.argon2Lanes || m < 8 * p)
    return false;
  const fn = { argon2id, argon2i, argon2d }[variant as "argon2id"];
  if (!fn) return false;
  const actual = fn(utf8(password), salt, {
    t,
    m,
    p,
    version: v === 19 ? 0x13 : 0x10,
    dkLen: expected.length,
  });
  return sameBytes(actual, expected);
}

/** bcrypt's own string (`$2b$12$…`), compared by bcryptjs (which compares the whole string in constant time). */
function checkBcrypt(secret: string, data: string): boolean {
  const match = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/.exec(data);
  const rounds = Number(match?.[1]);
  if (!match || rounds < 4 || rounds > LIMITS.bcryptRounds) return false;
  return bcrypt.compareSync(secret, data);
}

/** Django's scrypt: `scrypt$N$salt$r$p$hash`, 64-byte key, the password's UTF-8 bytes as they are. */
async function checkScrypt(password: string, fields: string[]): Promise<boolean> {
  const [nText, salt, rText, pText, hash] = fields;
  const [N, r, p] = [integer(nText), integer(rText), integer(pText)];
  const expected = decodeBase64(hash ?? "");
  if (fields.length !== 5 || !N || !r || !p || !salt || !expected?.length) return false;
  if ((N & (N - 1)) !== 0 || 128 * N * r > LIMITS.scryptMemoryBytes || p > 16) return false;
  const maxmem = 256 * N * r;
  const actual = await new Promise<Uint8Array>((resolve, reject) =>
    nodeScrypt(utf8(password), utf8(salt), expected.length, { N, r, p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
  return sameBytes(actual, expected);
}

/** The unsalted and salted MD5/SHA-1 hashers of old Django installs: `md5$salt$hex`, `md5$$hex`, `sha1$…`. */
function checkHexDigest(digest: typeof md5, password: string, fields: string[]): boolean {
  const [salt, hex] = fields;
  if (fields.length !== 2 || salt === undefined || !hex || !/^[0-9a-f]+$/.test(hex)) return false;
  return sameBytes(utf8(bytesToHex(digest(utf8(salt + password)))), utf8(hex));
}

/**
 * Whether `password` matches an imported Django hash (the string after `django:`). Unusable
 * passwords (`!…`, Django's `set_unusable_password`), unknown hashers and work factors past
 * LIMITS all answer false: that account has no password login until a reset sets one.
 */
export async function verifyDjangoPassword(password: string, encoded: string): Promise<boolean> {
  // Django 1.x's unsalted_md5 stored the bare hex digest.
  if (/^[0-9a-f]{32}$/.test(encoded)) return checkHexDigest(md5, password, ["", encoded]);
  const [algorithm, ...fields] = encoded.split("$");
  switch (algorithm) {
    case "pbkdf2_sha256":
      return checkPbkdf2("SHA-256", password, fields);
    case "pbkdf2_sha1":
      return checkPbkdf2("SHA-1", password, fields);
    case "argon2":
      return checkArgon2(password, fields);
    case "bcrypt_sha256":
      // Django hashes first so bcrypt's 72-byte limit does not cut long passwords short.
      return checkBcrypt(bytesToHex(sha256(utf8(password))), encoded.slice("bcrypt_sha256$".length));
    case "bcrypt":
      return checkBcrypt(password, encoded.slice("bcrypt$".length));
    case "scrypt":
      return checkScrypt(password, fields);
    case "md5":
    case "unsalted_md5":
      return checkHexDigest(md5, password, fields);
    case "sha1":
    case "unsalted_sha1":
      return checkHexDigest(sha1, password, fields);
    default:
      return false;
  }
}

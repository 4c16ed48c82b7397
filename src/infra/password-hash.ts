import { scrypt, randomBytes, timingSafeEqual } from "node:crypto";
import { DJANGO_PREFIX, verifyDjangoPassword } from "./django-password-hash.ts";

/**
 * scrypt password hashes in a self-describing string: `scrypt$logN$r$p$salt$hash`
 * (salt and hash base64). The parameters travel with the hash so the cost can be
 * raised later and old hashes upgraded on the next successful login.
 */
export interface HashParams {
  logN: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** N = 2^15: the cost README's PASSWORD_HASH_LOG_N defaults to. */
export const PRODUCTION_LOG_N = 15;

export const productionParams = (logN: number = PRODUCTION_LOG_N): HashParams => ({ logN, r: 8, p: 3 });

function derive(password: string, salt: Buffer, params: HashParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // scrypt needs 128 * N * r bytes; leave headroom over Node's 32 MiB default.
  const maxmem = 256 * N * params.r;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      KEY_LENGTH,
      { N, r: params.r, p: params.p, maxmem },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string, params: HashParams): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return ["scrypt", params.logN, params.r, params.p, salt.toString("base64"), key.toString("base64")].join(
    "$",
  );
}

export interface VerifyResult {
  ok: boolean;
  needsRehash: boolean;
}

export async function verifyPassword(
  password: string,
  encoded: string,
  current: HashParams,
): Promise<VerifyResult> {
  if (encoded.startsWith(DJANGO_PREFIX)) {
    // An imported hash is never kept past the login that proves it.
    const ok = await verifyDjangoPassword(password, encoded.slice(DJANGO_PREFIX.length));
    return { ok, needsRehash: ok };
  }
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return { ok: false, needsRehash: false };
  const [, logN, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (![params.logN, params.r, params.p].every(Number.isInteger)) return { ok: false, needsRehash: false };
  const expected = Buffer.from(hash, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), params);
  const ok = expected.length === actual.length && timingSafeEqual(expected, actual);
  const needsRehash = params.logN !== current.logN || params.r !== current.r || params.p !== current.p;
  return { ok, needsRehash };
}

/** Finished strings only: a promise made in one request must never be awaited by another (workerd refuses it). */
const dummyHashes = new Map<string, string>();

/** Spends one hash's worth of time so an unknown username answers as slowly as a known one. */
export async function burnPasswordCheck(password: string, params: HashParams): Promise<void> {
  const cacheKey = `${params.logN}:${params.r}:${params.p}`;
  let dummy = dummyHashes.get(cacheKey);
  if (!dummy) {
    dummy = await hashPassword("dummy-password-for-timing", params);
    dummyHashes.set(cacheKey, dummy);
  }
  await verifyPassword(password, dummy, params);
}

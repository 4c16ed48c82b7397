// The service's password hash (src/infra/password-hash.ts) reproduced in Node, so the seed can
// store one precomputed hash for every user instead of hashing 10,000 times.
import { randomBytes, scryptSync } from "node:crypto";

export const PRODUCTION_LOG_N = 15;
const R = 8;
const P = 3;
const KEY_LENGTH = 32;

function derive(password, salt, logN) {
  const N = 2 ** logN;
  return scryptSync(password.normalize("NFKC"), salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 256 * N * R });
}

/** `scrypt$logN$r$p$saltB64$hashB64`, the format verifyPassword() reads. */
export function hashPassword(password, logN = PRODUCTION_LOG_N) {
  const salt = randomBytes(16);
  return ["scrypt", logN, R, P, salt.toString("base64"), derive(password, salt, logN).toString("base64")].join("$");
}

/** CPU milliseconds of one hash at the production cost, median of `runs`. */
export function hashCpuMs(runs = 5) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    derive("correct-Horse-battery-9", randomBytes(16), PRODUCTION_LOG_N);
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

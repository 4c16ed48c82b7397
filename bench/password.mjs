// The bench times and seeds with the service's own password hash (src/infra/password-hash.ts,
// which Node runs by stripping its types), so a seeded user's hash is one the service verifies.
import { PRODUCTION_LOG_N, hashPassword, productionParams } from "../src/infra/password-hash.ts";

export { PRODUCTION_LOG_N };

/** CPU milliseconds of one hash at the production cost, median of `runs` (scrypt's pool thread counts: it is this process's CPU). */
export async function hashCpuMs(runs = 5) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    await hashPassword("correct-Horse-battery-9", productionParams(PRODUCTION_LOG_N));
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

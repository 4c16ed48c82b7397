import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { kvKeys } from "./kv-keys";

export type CheckResult = "ok" | "failed";
export interface Health {
  healthy: boolean;
  checks: { d1: CheckResult; kv: CheckResult };
}

/** A binding that hangs is as down as one that throws; a probe must answer before the prober gives up. */
const CHECK_TIMEOUT_MS = 2_000;

async function probe(name: string, run: () => Promise<unknown>): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS))),
    ]);
    return "ok";
  } catch (err) {
    console.error(JSON.stringify({ msg: "health check failed", check: name, error: String(err) }));
    return "failed";
  } finally {
    clearTimeout(timer);
  }
}

/** One round trip to each storage the hot paths need: D1 answers a query, KV answers a read. */
export async function checkHealth(deps: { db: Db; kv: KVNamespace }): Promise<Health> {
  const [d1, kv] = await Promise.all([probe("d1", () => deps.db.run(sql`SELECT 1`)), probe("kv", () => deps.kv.get(kvKeys.healthProbe()))]);
  return { healthy: d1 === "ok" && kv === "ok", checks: { d1, kv } };
}

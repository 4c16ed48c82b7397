import { kvKeys } from "./kv-keys";
import { log } from "./log";

export type CheckResult = "ok" | "failed";
export interface Health {
  healthy: boolean;
  checks: { config: CheckResult; d1: CheckResult; kv: CheckResult; r2: CheckResult; hub: CheckResult };
  /** What is wrong with the configuration, when it is. */
  problem?: string;
}

/** A binding that hangs is as down as one that throws; a probe must answer before the prober gives up. */
const CHECK_TIMEOUT_MS = 2_000;

async function probe(name: string, run: () => Promise<unknown>): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      run(),
      new Promise(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)),
            CHECK_TIMEOUT_MS,
          )),
      ),
    ]);
    return "ok";
  } catch (err) {
    log("error", "health check failed", { check: name, error: String(err) });
    return "failed";
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The configuration (as loadConfig judged it) and one round trip to each binding: D1 answers a
 * query, KV and R2 a read, the live hub (a Durable Object) a ping. Raw bindings, so the probe
 * answers even when the configuration does not load.
 */
export async function checkHealth(
  bindings: { DB?: D1Database; KV?: KVNamespace; MEDIA?: R2Bucket; USER_HUB?: Env["USER_HUB"] },
  configProblem: string | undefined,
): Promise<Health> {
  const [d1, kv, r2, hub] = await Promise.all([
    probe("d1", () => bindings.DB!.prepare("SELECT 1").first()),
    probe("kv", () => bindings.KV!.get(kvKeys.healthProbe())),
    probe("r2", () => bindings.MEDIA!.head(kvKeys.healthProbe())),
    // A name no user id can be (hubs are named by user id), so no user's hub is woken.
    probe("hub", () => bindings.USER_HUB!.getByName(kvKeys.healthProbe()).ping()),
  ]);
  const config: CheckResult = configProblem ? "failed" : "ok";
  const checks = { config, d1, kv, r2, hub };
  return {
    healthy: Object.values(checks).every((v) => v === "ok"),
    checks,
    ...(configProblem ? { problem: configProblem } : {}),
  };
}

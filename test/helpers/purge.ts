import { systemCtx } from "../../src/domain/context";
import type { ChunkLimits } from "../../src/domain/maintenance/chunks";
import { purgeDeleted, type PurgeReport } from "../../src/domain/maintenance/purge-deleted";
import { testDeps } from "./factories";

/** Runs the cron's purge of deleted posts and accounts until nothing is left; each run's report. */
export async function purgeAll(limits?: ChunkLimits): Promise<PurgeReport[]> {
  const reports: PurgeReport[] = [];
  for (let run = 0; run < 200; run++) {
    const report = await purgeDeleted(systemCtx(testDeps()), { limits });
    reports.push(report);
    if (!report.more) return reports;
  }
  throw new Error("the purge never finished");
}

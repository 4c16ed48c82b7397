// CPU time of the workerd processes this harness started, read from Linux /proc, so the table
// can say how much runtime CPU (Worker JS + local D1/KV, which run inside workerd) a request costs.
import { readFileSync, readdirSync } from "node:fs";

/** Linux reports utime/stime in clock ticks of 1/100 s (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

/** Seconds of CPU used so far by workerd children of this process; null where /proc is missing. */
export function workerdCpuSeconds() {
  let ticks = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue; // exited while we looked
      }
      // Fields after "(comm)": state ppid … utime (12th) stime (13th).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (stat.includes("(workerd)") && Number(fields[1]) === process.pid)
        ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return ticks / TICKS_PER_SECOND;
}

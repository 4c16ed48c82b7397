let counter = 0;

/**
 * A client address no other caller in this run has had, so the per-IP rate limiter of one test
 * never spends another's budget (HTTP clients and stream sockets alike). The limiter keeps its
 * windows in the Worker's memory, which outlives each file (vitest.config.ts, `isolate: false`)
 * as this counter does: a fixed address shares its budget with every file that uses it.
 */
export const nextIp = () => {
  const n = counter++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

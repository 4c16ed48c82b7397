// The load driver: a closed loop of `concurrency` lanes, each sending its next request as soon
// as the previous one finished, for a fixed time. node:http with keep-alive rather than fetch,
// because the driver shares 2 cores with workerd and must spend as little CPU as it can.
import http from "node:http";

const REQUEST_TIMEOUT_MS = 30_000;
/** A hard bound on requests per run, whatever the duration. */
const MAX_REQUESTS = 2_000_000;

/**
 * One request; never rejects. status 0 means the request failed (refused, reset, timed out).
 * No Accept-Encoding: on Cloudflare the edge compresses, not the Worker, so workerd should not either.
 * `body` is sent as JSON; `raw` is sent as is, under the Content-Type its headers give.
 * With `keepBody` the answer also carries its headers and text (the soak reads them; the bench
 * does not, to spend no client CPU on bodies).
 */
export function send(agent, baseUrl, { method, path, headers = {}, body, raw }, { keepBody = false } = {}) {
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const type = raw === undefined ? { "Content-Type": "application/json" } : {};
  const head =
    payload === undefined ? headers : { ...type, "Content-Length": Buffer.byteLength(payload), ...headers };
  return new Promise((resolve) => {
    const req = http.request(
      `${baseUrl}${path}`,
      { method, agent, headers: head, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        let text = "";
        res.on("error", (err) => resolve({ status: 0, error: err.code ?? err.message }));
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            queries: res.headers["x-d1-queries"],
            rowsRead: res.headers["x-d1-rows-read"],
            rowsWritten: res.headers["x-d1-rows-written"],
            ...(keepBody && { headers: res.headers, text }),
          }),
        );
        if (keepBody) res.setEncoding("utf8").on("data", (chunk) => (text += chunk));
        else res.resume();
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (err) => resolve({ status: 0, error: err.code ?? err.message }));
    req.end(payload);
  });
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Keeps `concurrency` requests in flight for `seconds`. `next()` builds each request.
 * Requests still in flight at the deadline are awaited and counted, so req/s is
 * completed requests over the whole elapsed time. `cpuSeconds()`, when given, reads the
 * server's CPU clock so the result carries server CPU ms per request.
 */
export async function drive({ baseUrl, concurrency, seconds, next, signal, cpuSeconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const errorStatuses = new Map();
  let queries = 0;
  let withQueries = 0;
  // Rows read and written per request, from the Worker's headers when it sends them (COUNT_QUERIES).
  const rows = { read: 0, written: 0, counted: 0 };
  let sent = 0;
  const cpuBefore = cpuSeconds?.() ?? null;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const lane = async () => {
    while (performance.now() < deadline && sent < MAX_REQUESTS && !signal?.aborted) {
      sent += 1;
      const t0 = performance.now();
      const res = await send(agent, baseUrl, next());
      latencies.push(performance.now() - t0);
      if (!(res.status >= 200 && res.status < 300))
        errorStatuses.set(res.status, (errorStatuses.get(res.status) ?? 0) + 1);
      if (res.queries !== undefined) {
        queries += Number(res.queries);
        withQueries += 1;
      }
      if (res.rowsRead !== undefined) {
        rows.read += Number(res.rowsRead);
        rows.written += Number(res.rowsWritten ?? 0);
        rows.counted += 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds?.() ?? null;
  // A restarted workerd starts its CPU clock at zero again: then there is no figure.
  const cpu =
    cpuBefore === null || cpuAfter === null || cpuAfter < cpuBefore || !latencies.length
      ? null
      : cpuAfter - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: [...errorStatuses.values()].reduce((a, b) => a + b, 0),
    // e.g. "errors: 0×12, 500×3" — status 0 is a failed connection or a timeout.
    note: errorStatuses.size
      ? `errors: ${[...errorStatuses].map(([status, n]) => `${status}×${n}`).join(", ")}`
      : undefined,
    queries: withQueries ? queries / withQueries : null,
    rowsRead: rows.counted ? rows.read / rows.counted : null,
    rowsWritten: rows.counted ? rows.written / rows.counted : null,
    cpuMs: cpu === null ? null : (cpu * 1000) / latencies.length,
  };
}

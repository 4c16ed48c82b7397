// Notification delivery latency: user A keeps `devices` WebSockets open on
// /api/notifications/stream; user B follows A (POST /user/profile/follow/); a sample is the time
// from sending that request until every one of A's sockets has the `{"event":"notification"}` frame.
// Follow toggles, so every other call is an unfollow: those are sent but not sampled.
import { Skip, bearer } from "./context.mjs";
import { percentile } from "./load.mjs";

const STREAM = "/api/notifications/stream";
const FOLLOW = "/user/profile/follow/";
const FRAME_TIMEOUT_MS = 5_000;
/** Frames that never come would otherwise cost 5 s each: give up after this many in a row. */
const MAX_MISSES_IN_A_ROW = 3;
const MAX_TOTAL_MS = 60_000;

export async function measureDelivery(ctx, { samples, devices = 2, signal }) {
  const [a, b] = await ctx.tokens();
  // Without an upgrade the route answers 426 when it exists, so a 404 here means "not served".
  const probe = await ctx.call("GET", STREAM, { headers: bearer(a.access) });
  if (probe.status === 404) throw new Skip(`404 at ${STREAM}`);
  const sockets = [];
  try {
    for (let d = 0; d < devices; d++) sockets.push(await connect(ctx.baseUrl, a.access));
    const latencies = [];
    let errors = 0;
    let queries = 0;
    let calls = 0;
    let misses = 0;
    const deadline = performance.now() + MAX_TOTAL_MS;
    // Bounded: two calls (follow + unfollow) per wanted sample plus slack, a time cap, a miss cap.
    while (
      calls < samples * 2 + 4 &&
      latencies.length < samples &&
      misses < MAX_MISSES_IN_A_ROW &&
      performance.now() < deadline &&
      !signal?.aborted
    ) {
      const frames = sockets.map((ws) => nextNotification(ws));
      const t0 = performance.now();
      const res = await ctx.call("POST", FOLLOW, { json: { user_id: a.id }, headers: bearer(b.access) });
      if (res.status === 404) throw new Skip(`404 at ${FOLLOW}`);
      calls += 1;
      queries += Number(res.headers.get("X-D1-Queries") ?? NaN);
      const ok = res.status >= 200 && res.status < 300;
      if (!ok || /unfollow/i.test(res.body?.detail ?? "")) {
        frames.forEach((f) => f.cancel());
        if (!ok) errors += 1;
        continue;
      }
      const arrived = await Promise.all(frames.map((f) => f.at));
      misses = arrived.includes(null) ? misses + 1 : 0;
      if (misses) errors += 1;
      else latencies.push(Math.max(...arrived) - t0);
    }
    const gaveUp =
      misses >= MAX_MISSES_IN_A_ROW
        ? `; stopped: ${misses} follows in a row got no frame within ${FRAME_TIMEOUT_MS} ms`
        : "";
    latencies.sort((x, y) => x - y);
    return {
      requests: latencies.length + errors,
      rps: null,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors,
      // Per follow/unfollow call.
      queries: Number.isFinite(queries) && calls ? queries / calls : null,
      note: `${devices} sockets, ${latencies.length} samples${gaveUp}`,
    };
  } finally {
    for (const ws of sockets) ws.close();
  }
}

/** Node 22's WebSocket (undici) accepts request headers, so the socket authenticates like any client. */
export function connect(baseUrl, access, stream = STREAM) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}${stream}`, { headers: bearer(access) });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`WebSocket ${stream}: no open within ${FRAME_TIMEOUT_MS} ms`));
    }, FRAME_TIMEOUT_MS);
    ws.addEventListener("open", () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.addEventListener("error", () => {
      clearTimeout(timer);
      reject(new Error(`WebSocket ${stream}: handshake refused`));
    });
  });
}

/** `at` resolves with the arrival time of the next frame `wanted` accepts (a notification by default), or null on timeout. */
export function nextNotification(ws, wanted = (frame) => frame?.event === "notification") {
  let done;
  const at = new Promise((resolve) => {
    const onMessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (wanted(frame)) done(performance.now());
    };
    const timer = setTimeout(() => done(null), FRAME_TIMEOUT_MS);
    done = (value) => {
      clearTimeout(timer);
      ws.removeEventListener("message", onMessage);
      resolve(value);
    };
    ws.addEventListener("message", onMessage);
  });
  return { at, cancel: () => done(null) };
}

import { kvKeys } from "./kv-keys";

/**
 * Fixed one-minute windows per client, counted in KV. KV has no atomic increment and
 * accepts one write per key per second, so each isolate counts locally and folds its
 * count into KV at most once a second, and only once its unfolded hits reach a tenth of
 * the limit: a KV write costs about sixteen requests, and a client that sends less than
 * that in a minute could never be refused by it. Within one isolate the count is exact;
 * across isolates each may hold back up to a tenth of the limit, so the limit is
 * approximate there by design. Any KV failure fails open: a broken limiter must not take
 * the API down.
 *
 * The map shared by the isolate's requests holds numbers only, never a promise: workerd
 * refuses to let one request await I/O that another request started, so the request
 * that first sees a window reads KV itself and merges the count, while requests that
 * arrive meanwhile count from what the isolate knows.
 */
export interface RateLimitResult {
  limit: number;
  remaining: number;
  /** Epoch seconds when the window resets. */
  reset: number;
  allowed: boolean;
  /** This hit started a write of the window's count to KV (the soak counts them). */
  kvWrite: boolean;
}

interface WindowState {
  window: number;
  /** Count last read from or written to KV (all isolates). */
  shared: number;
  /** Hits in this isolate not yet folded into KV. */
  pending: number;
  /** Hits being folded into KV right now. */
  flushing: number;
  lastFlush: number;
}

const WINDOW_MS = 60_000;
const FLUSH_INTERVAL_MS = 1_000;
/** Unfolded hits that make a KV write worth it, as a share of the limit. */
const FOLD_SHARE = 10;
const MAX_TRACKED_KEYS = 10_000;
const states = new Map<string, WindowState>();

export async function hitRateLimit(
  kv: KVNamespace,
  client: string,
  limit: number,
  nowMs: number,
  waitUntil: (p: Promise<unknown>) => void,
): Promise<RateLimitResult> {
  const window = Math.floor(nowMs / WINDOW_MS);
  const key = kvKeys.rateLimit(client, window);
  let state = states.get(key);
  if (!state) {
    if (states.size >= MAX_TRACKED_KEYS) pruneOldWindows(window);
    state = { window, shared: 0, pending: 0, flushing: 0, lastFlush: 0 };
    states.set(key, state);
    state.shared = Math.max(state.shared, await readCount(kv, key).catch(() => 0));
  }
  state.pending += 1;
  const count = state.shared + state.flushing + state.pending;
  const kvWrite =
    state.pending >= Math.ceil(limit / FOLD_SHARE) && nowMs - state.lastFlush >= FLUSH_INTERVAL_MS;
  if (kvWrite) waitUntil(flush(kv, key, state, nowMs));
  const reset = (window + 1) * (WINDOW_MS / 1000);
  return { limit, remaining: Math.max(0, limit - count), reset, allowed: count <= limit, kvWrite };
}

async function flush(kv: KVNamespace, key: string, state: WindowState, nowMs: number) {
  state.lastFlush = nowMs;
  const batch = state.pending;
  state.flushing += batch;
  state.pending = 0;
  try {
    const stored = await readCount(kv, key);
    const total = Math.max(stored, state.shared) + batch;
    await kv.put(key, String(total), { expirationTtl: 120 });
    state.shared = total;
  } catch {
    state.pending += batch;
  } finally {
    state.flushing -= batch;
  }
}

async function readCount(kv: KVNamespace, key: string): Promise<number> {
  return Number.parseInt((await kv.get(key)) ?? "0", 10) || 0;
}

/** Drops finished windows; if one window alone fills the map, forgets it all (failing open) rather than grow. */
function pruneOldWindows(current: number) {
  for (const [key, state] of states) if (state.window < current) states.delete(key);
  if (states.size >= MAX_TRACKED_KEYS) states.clear();
}

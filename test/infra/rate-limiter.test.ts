import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hitRateLimit } from "../../src/infra/rate-limiter";

/**
 * workerd cancels (or answers 500 to) a request that awaits I/O another request started,
 * so the limiter's shared state may hold numbers but never an in-flight read. Here the
 * first caller's KV read never settles, as if its request were gone: the callers that
 * come while it is pending must still get their answer.
 */
describe("rate limiter", () => {
  it("never makes one request wait on another request's KV read", async () => {
    const client = `cold-${crypto.randomUUID()}`;
    let calls = 0;
    const kv = new Proxy(env.KV, {
      get(target, prop) {
        if (prop === "get")
          return (...args: unknown[]) =>
            calls++ === 0 ? new Promise(() => {}) : (target.get as Function).apply(target, args);
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const now = Date.now();
    void hitRateLimit(kv, client, 100, now, () => {});
    const timeout = new Promise<"timed out">((resolve) => setTimeout(() => resolve("timed out"), 1_000));
    const others = Promise.all(Array.from({ length: 5 }, () => hitRateLimit(kv, client, 100, now, () => {})));
    const answer = await Promise.race([others, timeout]);
    expect(answer).not.toBe("timed out");
    expect((answer as { allowed: boolean; remaining: number }[]).map((r) => r.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    // They still count: five hits so far (the stalled caller counts once its read returns).
    expect((answer as { remaining: number }[]).at(-1)!.remaining).toBe(95);
  });
});

/** KV that counts its writes, so a test can hold the limiter to how often it writes. */
function countingKv() {
  const counted = { puts: 0 };
  const kv = new Proxy(env.KV, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "put")
        return (...args: unknown[]) => (counted.puts++, (value as Function).apply(target, args));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { kv, counted };
}

/** `hits` requests of one client `gapMs` apart from the start of a window, each one's KV work finished before the next. */
async function send(kv: KVNamespace, client: string, limit: number, hits: number, gapMs: number) {
  const start = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
  const allowed: boolean[] = [];
  for (let i = 0; i < hits; i++) {
    const tasks: Promise<unknown>[] = [];
    const result = await hitRateLimit(kv, client, limit, start + i * gapMs, (p) => tasks.push(p));
    await Promise.all(tasks);
    allowed.push(result.allowed);
  }
  return allowed;
}

describe("rate limiter KV writes", () => {
  it("a client sending under a tenth of the limit a minute never writes KV", async () => {
    // Before: one write per request once a second had passed, 50 writes for these 50 requests.
    const { kv, counted } = countingKv();
    const client = `slow-${crypto.randomUUID()}`;
    const allowed = await send(kv, client, 600, 50, 1_100);
    expect(allowed.every(Boolean)).toBe(true);
    expect(counted.puts).toBe(0);
  });

  it("a client sending twice the limit is refused once past it, with at most one KV write per 20 requests", async () => {
    const { kv, counted } = countingKv();
    const client = `fast-${crypto.randomUUID()}`;
    const allowed = await send(kv, client, 600, 1_200, 40);
    expect(allowed.slice(0, 600).every(Boolean)).toBe(true);
    expect(allowed.slice(600).some(Boolean)).toBe(false);
    expect(counted.puts).toBeGreaterThan(0);
    expect(counted.puts).toBeLessThanOrEqual(1_200 / 20);
    // What other isolates read is at most a tenth of the limit behind.
    const keys = await env.KV.list({ prefix: `rl:${client}:` });
    expect(Number(await env.KV.get(keys.keys[0]!.name))).toBeGreaterThanOrEqual(1_200 - 60);
  });
});

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
        if (prop === "get") return (...args: unknown[]) => (calls++ === 0 ? new Promise(() => {}) : (target.get as Function).apply(target, args));
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
    expect((answer as { allowed: boolean; remaining: number }[]).map((r) => r.allowed)).toEqual([true, true, true, true, true]);
    // They still count: five hits so far (the stalled caller counts once its read returns).
    expect((answer as { remaining: number }[]).at(-1)!.remaining).toBe(95);
  });
});

// seed 000 "Rate Limiting": X-Rate-Limit-Limit is the requests allowed per minute, -Remaining what is
// left of the current window, -Reset when that window ends (epoch seconds, as the Twitter API these
// names come from sends it). Every MediaCMS answer carries them, errors and empty 204s included.
import { describe, expect, it } from "vitest";
import { UntypedClient } from "../../helpers/client";
import { makeUser, makeUserWithToken, uniqueName } from "../../helpers/factories";

const headersOf = (res: { headers: Headers }) => ({
  limit: Number(res.headers.get("X-Rate-Limit-Limit")),
  remaining: Number(res.headers.get("X-Rate-Limit-Remaining")),
  reset: Number(res.headers.get("X-Rate-Limit-Reset")),
});

describe("rate-limit headers on the MediaCMS routes", () => {
  it("count down one a request within one window that resets at the end of the minute", async () => {
    // Start away from the minute's edge, so every request shares one window.
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 5_000) await new Promise((r) => setTimeout(r, msLeft + 50));
    const sender = await makeUserWithToken();
    const recipient = await makeUser();
    const client = new UntypedClient().withToken(sender.access);
    const replies = [
      await client.get(`/api/v1/users?search=${recipient.username}`),
      await client.get(`/api/v1/users/${recipient.username}`),
      await client.get(`/api/v1/users/${uniqueName("nobody")}`),
      await client.post(`/api/v1/users/${recipient.username}/contact`, { subject: "Hi", body: "Hello" }),
      await client.delete(`/api/v1/users/${recipient.username}`),
      await new UntypedClient().delete(`/api/v1/users/${recipient.username}`),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 404, 204, 403, 403]);
    const seen = replies.slice(0, 5).map(headersOf);
    const nowSeconds = Date.now() / 1000;
    for (const [i, h] of seen.entries()) {
      expect(h.limit).toBe(120);
      expect(h.remaining).toBe(120 - (i + 1));
      expect(h.reset % 60).toBe(0);
      expect(h.reset).toBeGreaterThan(nowSeconds);
      expect(h.reset - nowSeconds).toBeLessThanOrEqual(60);
    }
    expect(new Set(seen.map((h) => h.reset)).size).toBe(1);
    // Another client (another IP) has a window of its own.
    expect(headersOf(replies[5]!).remaining).toBe(119);
  });

  it("a contact route's own 429 still carries them, and its Retry-After is the contact window's", async () => {
    const sender = await makeUserWithToken();
    const recipient = await makeUser();
    const client = new UntypedClient().withToken(sender.access);
    for (let i = 0; i < 10; i++)
      expect(
        (await client.post(`/api/v1/users/${recipient.username}/contact`, { subject: `n${i}`, body: "Hi" }))
          .status,
      ).toBe(204);
    const over = await client.post(`/api/v1/users/${recipient.username}/contact`, {
      subject: "again",
      body: "Hi",
    });
    expect(over.status).toBe(429);
    expect(headersOf(over).limit).toBe(120);
    expect(headersOf(over).remaining).toBeGreaterThan(100);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(60);
  });
});

// DESIGN.md "Cross-cutting contracts": security headers on every answer; user media stays embeddable elsewhere.
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { mediaRoute } from "../../src/http/media-route";
import { securityHeaders } from "../../src/http/security-headers";
import { BASE, UntypedClient as Client, type RawReply as Reply } from "../helpers/client";
import { makeUserWithToken } from "../helpers/factories";
import { PNG_BYTES } from "../helpers/fixtures";

const expectSecure = (res: Reply | Response, corp: "same-origin" | "cross-origin") => {
  expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe(corp);
  expect(res.headers.get("Strict-Transport-Security")).toBeNull();
};

describe("security headers on every answer", () => {
  it("JSON answers: 200, 401, 404, 405, 302, 413, preflight; no CSP imposed on JSON", async () => {
    const u = await makeUserWithToken();
    const replies: [Reply, number][] = [
      [await new Client().get("/users/leaderboard/?limit=1"), 200],
      [await new Client().get("/user/api/profile/"), 401],
      [await new Client().get("/no/such/route"), 404],
      [await new Client().get("/user/login/"), 405],
      [await new Client().withToken(u.access).post("/user/logout/"), 302],
      [
        await new Client().post("/users/register/", {
          username: "x".repeat(2 * 1024 * 1024),
          password1: "a",
          password2: "a",
        }),
        413,
      ],
      [
        await new Client({ Origin: "http://localhost:5173" }).request("OPTIONS", "/user/login/", {
          headers: { "Access-Control-Request-Method": "POST" },
        }),
        204,
      ],
    ];
    for (const [res, status] of replies) {
      expect(res.status).toBe(status);
      expectSecure(res, "same-origin");
      expect(res.headers.get("Content-Security-Policy")).toBeNull();
    }
    expect(replies[0]![0].headers.get("Content-Type")).toMatch(/^application\/json/);
  });

  it("429 from the rate limiter", async () => {
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 3_000) await new Promise((r) => setTimeout(r, msLeft + 50));
    const client = new Client({}, { RATE_LIMIT_PER_MINUTE: "1" });
    await client.get("/users/leaderboard/?limit=1");
    const over = await client.get("/users/leaderboard/?limit=1");
    expect(over.status).toBe(429);
    expectSecure(over, "same-origin");
  });

  it("/docs keeps the page's own strict CSP (no second one, no inline script allowed)", async () => {
    const res = await new Client().get("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.text).toContain("/users/register/");
    expectSecure(res, "same-origin");
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp.split(",")).toHaveLength(1);
  });
});

describe("/media/", () => {
  async function stored() {
    const key = `u/1/avatar/sec-${crypto.randomUUID()}.png`;
    await env.MEDIA.put(key, PNG_BYTES, { httpMetadata: { contentType: "image/png" } });
    return key;
  }

  it("Cross-Origin-Resource-Policy: cross-origin, so other origins' <img> and <video> load it", async () => {
    const key = await stored();
    const whole = await new Client().get(`/media/${key}`);
    expect(whole.status).toBe(200);
    expectSecure(whole, "cross-origin");
    const ranged = await new Client().get(`/media/${key}`, { headers: { Range: "bytes=0-3" } });
    expect(ranged.status).toBe(206);
    expectSecure(ranged, "cross-origin");
    const missing = await new Client().get("/media/u/1/avatar/nope.png");
    expect(missing.status).toBe(404);
    expectSecure(missing, "cross-origin");
  });

  it("keeps whatever CSP and disposition the media route sets itself (none if it sets none)", async () => {
    const key = await stored();
    const own = await mediaRoute.request(`${BASE}/media/${key}`, {}, env);
    const served = await new Client().get(`/media/${key}`);
    expect(served.status).toBe(own.status);
    for (const name of ["Content-Security-Policy", "Content-Disposition", "Content-Type"])
      expect(served.headers.get(name), name).toBe(own.headers.get(name));
  });
});

describe("a header a route sets itself wins", () => {
  it("is not overwritten by the defaults", async () => {
    const app = new Hono<AppEnv>().use("*", securityHeaders).get("/page", (c) =>
      c.text("x", 200, {
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Referrer-Policy": "no-referrer",
      }),
    );
    const res = await app.request("/page");
    expect(res.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("an immutable passed-through answer still gets the headers", async () => {
    const app = new Hono<AppEnv>().use("*", securityHeaders).get("/through", () => {
      const res = Response.redirect("https://elsewhere.example/", 302);
      expect(() => res.headers.set("X-Probe", "1")).toThrow(TypeError);
      return res;
    });
    const res = await app.request("/through");
    expect(res.status).toBe(302);
    expectSecure(res, "same-origin");
  });
});

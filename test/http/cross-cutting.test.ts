import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { BASE, UntypedClient as Client } from "../helpers/client";
import { makeUserWithToken, testDeps, uniqueName } from "../helpers/factories";

describe("every response", () => {
  it("carries a request id, echoing a safe incoming one", async () => {
    const fresh = await new Client().get("/users/leaderboard/?limit=1");
    expect(fresh.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await new Client().get("/users/leaderboard/?limit=1", {
      headers: { "X-Request-Id": "trace-123" },
    });
    expect(echoed.headers.get("X-Request-Id")).toBe("trace-123");
    const hostile = await new Client().get("/users/leaderboard/?limit=1", {
      headers: { "X-Request-Id": "a b<script>" },
    });
    expect(hostile.headers.get("X-Request-Id")).not.toContain("<");
  });

  it("carries rate-limit headers, errors included", async () => {
    for (const path of ["/users/leaderboard/?limit=1", "/no/such/route"]) {
      const res = await new Client().get(path);
      expect(res.headers.get("X-Rate-Limit-Limit")).toBe("120");
      expect(Number(res.headers.get("X-Rate-Limit-Remaining"))).toBe(119);
      expect(Number(res.headers.get("X-Rate-Limit-Reset"))).toBeGreaterThan(Date.now() / 1000);
    }
  });
});

describe("rate limiting", () => {
  it("429 with Retry-After past the limit, in the envelope of the path's API", async () => {
    // A small limit and a start away from the window's edge, so the requests share one window.
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 3_000) await new Promise((r) => setTimeout(r, msLeft + 50));
    const client = new Client({}, { RATE_LIMIT_PER_MINUTE: "5" });
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await client.get("/users/leaderboard/?limit=1"));
    expect(replies[4]!.status).toBe(200);
    expect(replies[4]!.headers.get("X-Rate-Limit-Remaining")).toBe("0");
    const over = replies[5]!;
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(over.body.errors).toMatch(/^Request was throttled\. Expected available in \d+ seconds\.$/);
    expect(over.headers.get("X-Rate-Limit-Limit")).toBe("5");
    expect(over.headers.get("X-Rate-Limit-Remaining")).toBe("0");
    expect(over.headers.get("X-Request-Id")).toBeTruthy();
    const drf = await client.get("/api/admin/users/1/");
    expect(drf.status).toBe(429);
    expect(drf.body.detail).toMatch(/^Request was throttled/);
  });

  it("concurrent first requests of a new client never share one request's KV read (no 500)", async () => {
    // Before the fix every cold burst shared one in-flight kv.get: workerd answered some with a bare 500.
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const client = new Client();
      const replies = await Promise.all(
        Array.from({ length: 30 }, () => client.get("/users/leaderboard/?limit=1")),
      );
      for (const r of replies) {
        statuses.push(r.status);
        expect(r.headers.get("X-Request-Id")).toBeTruthy();
      }
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 30_000);

  it("counts are shared through KV once a client nears a tenth of the limit, not before", async () => {
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 3_000) await new Promise((r) => setTimeout(r, msLeft + 50));
    const client = new Client();
    const writes: string[] = [];
    for (let i = 0; i < 5; i++)
      writes.push((await client.get("/users/leaderboard/?limit=1")).headers.get("X-KV-Writes")!);
    await new Promise((r) => setTimeout(r, 20));
    expect((await env.KV.list({ prefix: `rl:${client.ip}:` })).keys).toHaveLength(0);
    // The twelfth hit (a tenth of 120) folds the count into KV.
    for (let i = 5; i < 15; i++)
      writes.push((await client.get("/users/leaderboard/?limit=1")).headers.get("X-KV-Writes")!);
    await new Promise((r) => setTimeout(r, 20));
    expect(writes.join("")).toBe("000000000001000");
    const keys = await env.KV.list({ prefix: `rl:${client.ip}:` });
    expect(keys.keys).toHaveLength(1);
    expect(Number(await env.KV.get(keys.keys[0]!.name))).toBe(12);
  });
});

describe("bad input never answers 500", () => {
  it("413 for an oversized JSON body, in the surface's envelope", async () => {
    const res = await new Client().post("/users/register/", {
      username: "x".repeat(2 * 1024 * 1024),
      password1: "a",
      password2: "a",
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ errors: "Request body is too large." });
    expect(res.headers.get("X-Rate-Limit-Limit")).toBe("120");
  });

  it("413 for a streamed body (no Content-Length) past the limit, JSON or upload", async () => {
    const streamOf = (bytes: number) => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= bytes) return controller.close();
          const chunk = new Uint8Array(Math.min(64 * 1024, bytes - sent)).fill(0x20);
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
    };
    const json = await new Client().request("POST", "/users/register/", {
      body: streamOf(2 * 1024 * 1024),
      headers: { "Content-Type": "application/json" },
    });
    expect(json.status).toBe(413);
    expect(json.body).toEqual({ errors: "Request body is too large." });
    const u = await makeUserWithToken();
    const upload = await new Client().withToken(u.access).request("PATCH", `/user/api/update/${u.id}/`, {
      body: streamOf(11 * 1024 * 1024),
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
    });
    expect(upload.status).toBe(413);
    expect(upload.body).toEqual({ detail: "Request body is too large." });
  });

  it("413 for a declared upload past the route's limit, before it is read", async () => {
    const u = await makeUserWithToken();
    const form = new FormData();
    form.append("profile_pic", new File([new Uint8Array(11 * 1024 * 1024)], "big.png"));
    const res = await new Client()
      .withToken(u.access)
      .request("PATCH", `/user/api/update/${u.id}/`, { body: form });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ detail: "Request body is too large." });
  });

  it("400 for malformed JSON everywhere", async () => {
    const anonymous = await new Client().request("PATCH", "/api/admin/users/1/", {
      body: '{"a":',
      headers: { "Content-Type": "application/json" },
    });
    expect(anonymous.status).toBe(401);
    const a = await makeUserWithToken({ groups: ["admin"] });
    const admin = await new Client().withToken(a.access).request("PATCH", "/api/admin/users/1/", {
      body: '{"a":',
      headers: { "Content-Type": "application/json" },
    });
    expect(admin.status).toBe(400);
    expect(admin.body).toEqual({ detail: "Malformed request body." });
    const game = await new Client().request("POST", "/users/register/", {
      body: "[1,2",
      headers: { "Content-Type": "application/json" },
    });
    expect(game.status).toBe(400);
    expect(game.body).toEqual({ errors: "Invalid JSON input." });
  });

  it("400 for a JSON body that is not an object", async () => {
    const res = await new Client().post("/users/register/", [1, 2, 3]);
    expect(res.status).toBe(400);
  });
});

describe("unknown routes", () => {
  it("JSON 404 in the envelope of the API that owns the prefix", async () => {
    const game = await new Client().get("/users/nothing/here/");
    expect(game.status).toBe(404);
    expect(game.body).toEqual({ errors: "Not found." });
    const other = await new Client().get("/completely/unknown");
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ detail: "Not found." });
    expect(other.headers.get("Content-Type")).toContain("application/json");
  });

  it("wrong method on a known path is a 405 in the owner's envelope, with Allow", async () => {
    const res = await new Client().request("PUT", "/users/login/");
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ errors: 'Method "PUT" not allowed.' });
    expect(res.headers.get("Allow")).toBe("POST");
  });
});

describe("GET /openapi.json and /docs", () => {
  it("serves OpenAPI 3.1 generated from the validators' schemas", async () => {
    const res = await new Client().get("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const register = res.body.paths["/users/register/"].post;
    expect(register.requestBody.content["application/json"].schema.required).toEqual([
      "username",
      "password1",
      "password2",
    ]);
    expect(res.body.paths["/users/{id}/"]).toHaveProperty("get");
    expect(res.body.paths["/users/{id}/"]).toHaveProperty("patch");
    expect(res.body.paths["/users/{id}/"]).toHaveProperty("delete");
    expect(res.body.paths["/api/admin/users/{id}/"]).toHaveProperty("patch");
  });

  it("lists every Twimbol account route, both spellings included", async () => {
    const { paths } = (await new Client().get("/openapi.json")).body;
    const expected: [string, string][] = [
      ["/user/login/", "post"],
      // One entry per route: `/api/token/refresh/` is served but not listed (test/http/trailing-slash.test.ts).
      ["/api/token/refresh", "post"],
      ["/user/logout/", "post"],
      ["/user/api/register/", "post"],
      ["/user/api/profile/", "get"],
      ["/user/api/update/{id}/", "patch"],
      ["/user/api/deactivate/{id}/", "post"],
      ["/user/api/deactivate/{id}/", "patch"],
      ["/user/delete/", "post"],
      ["/user/change-password/", "put"],
      ["/user/forgot-password/", "post"],
      ["/user/reset-password-confirm/", "post"],
      ["/user/api/creator-application/", "get"],
      ["/user/api/creator-application/", "post"],
      ["/api/admin/creator-applications/", "get"],
      ["/api/admin/creator-applications/{id}/approve/", "post"],
      ["/api/admin/creator-applications/{id}/reject/", "post"],
      ["/user/profile/follow/", "post"],
      ["/user/profile/block/", "post"],
      ["/api/parent/request-otp/", "post"],
      ["/api/parent/request_otp/", "post"],
      ["/api/parent/verify-otp/", "post"],
      ["/api/parent/verify_otp/", "post"],
    ];
    for (const [path, method] of expected) expect(paths[path], `${method} ${path}`).toHaveProperty(method);
    expect(paths["/user/api/register/"].post.requestBody.content["application/json"].schema.required).toEqual(
      ["username", "email", "password"],
    );
  });

  it("serves a readable docs page", async () => {
    const res = await new Client().get("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.text).toContain("/users/register/");
  });
});

describe("GET /_dev/outbox", () => {
  it("lists mail sent to an address in development", async () => {
    const to = `${uniqueName()}@example.com`;
    const deps = testDeps();
    await deps.mailer.send({ to, subject: "Hello", text: "Body text" });
    const local = new Client({ "CF-Connecting-IP": "127.0.0.1" });
    const res = await local.get(`http://127.0.0.1:8787/_dev/outbox?to=${encodeURIComponent(to)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ to, subject: "Hello", text: "Body text", created_at: expect.any(String) }]);
  });

  it.each([
    ["another host", "http://api.test", "127.0.0.1"],
    ["Host: localhost from another machine", "http://localhost:8787", "10.0.0.9"],
  ])("is a 404 in development for %s (it holds reset codes)", async (_name, origin, ip) => {
    const res = await new Client({ "CF-Connecting-IP": ip }).get(`${origin}/_dev/outbox?to=a@b.c`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not found." });
  });

  it("is a 404 outside development", async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`${BASE}/_dev/outbox?to=a@b.c`),
      { ...env, ENVIRONMENT: "production" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: "Not found." });
  });
});

describe("configuration", () => {
  it("refuses to serve outside development without a JWT secret", async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`${BASE}/users/leaderboard/`),
      { ...env, ENVIRONMENT: "production", JWT_SECRET: undefined },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    // The operator's to fix, not a crash: 503 in the game's envelope, the reason on /healthz.
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      errors:
        "Service unavailable: the server is misconfigured and cannot answer until its operator fixes it.",
    });
  });

  it.each([
    ["test", "http://localhost:8787", "127.0.0.1"],
    ["development", "https://api.example.com", "127.0.0.1"],
    ["development", "http://localhost:8787", "10.0.0.9"],
    ["development", "http://127.0.0.1:8787", "127.0.0.1"],
  ])(
    "has no development JWT key in its source: without JWT_SECRET it refuses to serve (ENVIRONMENT=%s, %s from %s)",
    async (environment, origin, ip) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request(`${origin}/users/leaderboard/`, { headers: { "CF-Connecting-IP": ip } }),
        { ...env, ENVIRONMENT: environment, JWT_SECRET: undefined },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(503);
    },
  );
});

describe("mail outside development without a send_email binding", () => {
  const production = () => new Client({}, { ENVIRONMENT: "production" });

  it("is never stored in D1: a code mail answers 503, a welcome reports email_sent false", async () => {
    const u = await makeUserWithToken();
    const reset = await production().post("/user/forgot-password/", { email: u.email });
    expect(reset.status).toBe(503);
    expect(reset.body).toEqual({ detail: "Service temporarily unavailable, try again later." });
    const username = uniqueName("prod");
    const signup = await production().post("/user/api/register/", {
      username,
      email: `${username}@example.com`,
      password: "Tr1cky-pass-word",
    });
    expect(signup.status).toBe(201);
    expect(signup.body.email_sent).toBe(false);
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM outbox WHERE "to" IN (?, ?)')
      .bind(u.email, `${username}@example.com`)
      .first();
    expect(stored).toEqual({ n: 0 });
  });
});

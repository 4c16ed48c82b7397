import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import type { RequestLogLine } from "../../src/http/request-log";
import { BASE, UntypedClient as Client } from "../helpers/client";
import { makeUser } from "../helpers/factories";
import { PASSWORD } from "../helpers/fixtures";

/** The app as deployed with some vars changed (a fresh env object: a config of its own), as in production: queries not counted. */
async function fetchWith(
  path: string,
  vars: Record<string, string | undefined>,
  init: RequestInit<IncomingRequestCfProperties> = {},
) {
  const changed = { ...env, COUNT_QUERIES: "false", ...vars };
  const ctx = createExecutionContext();
  const headers = { "CF-Connecting-IP": "10.250.0.1", ...(init.headers as Record<string, string>) };
  const res = await app.fetch(new Request(new URL(path, BASE), { ...init, headers }), changed, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** The app with some bindings absent (a wrangler.toml that lost them). */
const fetchWithout = (
  path: string,
  missing: (keyof typeof env)[],
  init?: RequestInit<IncomingRequestCfProperties>,
) => fetchWith(path, Object.fromEntries(missing.map((name) => [name, undefined])), init);

describe("GET /healthz", () => {
  const ALL_OK = { config: "ok", d1: "ok", kv: "ok", r2: "ok", hub: "ok" };

  it("200 when the configuration loads and D1, KV, R2 and the hub all answer", async () => {
    const res = await new Client().get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", checks: ALL_OK });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("503 naming the check that failed", async () => {
    for (const [binding, check] of [
      ["DB", "d1"],
      ["KV", "kv"],
      ["MEDIA", "r2"],
      ["USER_HUB", "hub"],
    ] as const) {
      const res = await fetchWithout("/healthz", [binding]);
      expect(res.status, binding).toBe(503);
      expect(res.body).toEqual({ status: "unavailable", checks: { ...ALL_OK, [check]: "failed" } });
    }
  });

  it("a Worker without its secret says so on /healthz, and still serves its reference", async () => {
    const res = await fetchWithout("/healthz", ["JWT_SECRET"]);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: "unavailable",
      checks: { ...ALL_OK, config: "failed" },
      problem: "JWT_SECRET must be set to at least 32 bytes (`npm run dev` writes one into .dev.vars)",
    });
    expect((await fetchWithout("/openapi.json", ["JWT_SECRET"])).status).toBe(200);
    // Every other route: 503 in its own API's envelope, not a 500 that looks like a crash.
    expect(await fetchWithout("/users/leaderboard/", ["JWT_SECRET"])).toMatchObject({
      status: 503,
      body: {
        errors:
          "Service unavailable: the server is misconfigured and cannot answer until its operator fixes it.",
      },
    });
    expect(await fetchWithout("/api/posts/", ["JWT_SECRET"])).toMatchObject({
      status: 503,
      body: {
        detail:
          "Service unavailable: the server is misconfigured and cannot answer until its operator fixes it.",
      },
    });
  });
});

describe("GET /", () => {
  const ROOT = {
    service: "edge-social-api",
    docs: "/docs",
    openapi: "/openapi.json",
    health: "/healthz",
    apis: [
      { name: "game", prefixes: ["/users/"] },
      { name: "cocotree", prefixes: expect.arrayContaining(["/users/user_info/"]) },
      { name: "twimbol", prefixes: expect.arrayContaining(["/api/posts/"]) },
      { name: "mediacms", prefixes: expect.any(Array) },
      { name: "admin", prefixes: expect.any(Array) },
    ],
  };

  it("points a newcomer to the reference, the spec and the probe", async () => {
    const res = await new Client().get("/");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(ROOT);
  });

  it("answers without a secret too", async () => {
    expect(await fetchWithout("/", ["JWT_SECRET"])).toMatchObject({ status: 200, body: ROOT });
  });
});

describe("request log", () => {
  afterEach(() => vi.restoreAllMocks());

  /** Every line the Worker wrote, at any level. */
  function captureAll() {
    const lines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void lines.push(args.map(String).join(" ")),
      );
    }
    return lines;
  }

  /** Every JSON line the Worker logged for one request id. */
  function capture() {
    const lines = captureAll();
    return (requestId: string) =>
      lines.filter((l) => l.includes(requestId)).map((l) => JSON.parse(l) as RequestLogLine);
  }

  it("one JSON line per request: level, id, API name, route pattern, method, status, duration, user, D1 statements", async () => {
    const linesFor = capture();
    const user = await makeUser();
    const client = new Client();
    const login = await client.post(
      "/user/login/",
      { username: user.username, password: PASSWORD },
      { headers: { "X-Request-Id": "log-login-1" } },
    );
    expect(login.status).toBe(200);
    const profile = await client
      .withToken(login.body.access)
      .get(`/users/${user.id}/`, { headers: { "X-Request-Id": "log-profile-1" } });
    expect(profile.status).toBe(200);

    const [line, ...more] = linesFor("log-profile-1");
    expect(more).toEqual([]);
    expect(line).toEqual({
      level: "info",
      msg: "request",
      requestId: "log-profile-1",
      api: "game",
      method: "GET",
      route: "/users/:id{[0-9]+}/",
      status: 200,
      durationMs: expect.any(Number),
      userId: user.id,
      d1Statements: Number(profile.headers.get("X-D1-Queries")),
    });
    expect(line!.d1Statements).toBeGreaterThan(0);
    expect(linesFor("log-login-1")).toEqual([
      expect.objectContaining({ route: "/user/login/", method: "POST", status: 200 }),
    ]);
  });

  it("never carries a password, token, cookie or code", async () => {
    const linesFor = capture();
    const user = await makeUser();
    const client = new Client();
    const login = await client.post(
      "/users/login/",
      { username: user.username, password: PASSWORD },
      { headers: { "X-Request-Id": "log-secret-1" } },
    );
    expect(login.status).toBe(200);
    const cookie = client.cookies.get("sessionid")!;
    expect(cookie).toBeTruthy();
    const stream = await new Client().get(`/api/notifications/stream?token=secret-token-in-query`, {
      headers: { "X-Request-Id": "log-secret-2" },
    });
    expect(stream.status).toBe(401);
    const logged = JSON.stringify([...linesFor("log-secret-1"), ...linesFor("log-secret-2")]);
    expect(linesFor("log-secret-1")).toHaveLength(1);
    expect(linesFor("log-secret-2")).toEqual([
      expect.objectContaining({ level: "warn", api: "twimbol", status: 401, userId: null }),
    ]);
    for (const secret of [PASSWORD, cookie, "secret-token-in-query"]) expect(logged).not.toContain(secret);
  });

  it("logs an unknown route with no route pattern, errors included", async () => {
    const linesFor = capture();
    await new Client().get("/no/such/route", { headers: { "X-Request-Id": "log-404-1" } });
    expect(linesFor("log-404-1")).toEqual([
      expect.objectContaining({
        level: "warn",
        api: null,
        method: "GET",
        route: null,
        status: 404,
        userId: null,
      }),
    ]);
  });

  it("carries Cloudflare's ray id and colo when the request has them", async () => {
    const linesFor = capture();
    const res = await fetchWith(
      "/healthz",
      {},
      {
        headers: { "X-Request-Id": "log-ray-1", "cf-ray": "8f0c2a1b3c4d5e6f-AMS" },
        cf: { colo: "AMS" } as IncomingRequestCfProperties,
      },
    );
    expect(res.status).toBe(200);
    expect(linesFor("log-ray-1")).toEqual([
      expect.objectContaining({
        level: "info",
        msg: "request",
        api: "health",
        cfRay: "8f0c2a1b3c4d5e6f-AMS",
        colo: "AMS",
        status: 200,
      }),
    ]);
  });

  it("samples 2xx lines by LOG_SAMPLE_2XX and always writes the others", async () => {
    const linesFor = capture();
    expect(
      (await fetchWith("/healthz", { LOG_SAMPLE_2XX: "0" }, { headers: { "X-Request-Id": "log-sample-ok" } }))
        .status,
    ).toBe(200);
    expect(
      (
        await fetchWith(
          "/no/such/route",
          { LOG_SAMPLE_2XX: "0" },
          { headers: { "X-Request-Id": "log-sample-404" } },
        )
      ).status,
    ).toBe(404);
    expect(linesFor("log-sample-ok")).toEqual([]);
    expect(linesFor("log-sample-404")).toEqual([expect.objectContaining({ level: "warn", status: 404 })]);
  });

  it("a sample rate that is not a share from 0 to 1 is a configuration refused", async () => {
    const res = await fetchWith("/healthz", { LOG_SAMPLE_2XX: "10%" });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      checks: { config: "failed" },
      problem:
        'invalid configuration (see README "Configuration"): LOG_SAMPLE_2XX="10%": must be a number from 0 to 1',
    });
  });

  it("every line of a failing request is JSON with level, msg, request id and API name", async () => {
    const lines = captureAll();
    const res = await fetchWithout("/api/posts/", ["JWT_SECRET"], {
      headers: { "X-Request-Id": "log-failing-1", "cf-ray": "8f0c2a1b3c4d5e70-LHR" },
    });
    expect(res.status).toBe(503);
    const mine = lines.filter((l) => l.includes("log-failing-1")).map((l) => JSON.parse(l));
    expect(mine).toEqual([
      expect.objectContaining({
        level: "error",
        msg: "configuration refused",
        requestId: "log-failing-1",
        api: "twimbol",
        cfRay: "8f0c2a1b3c4d5e70-LHR",
        route: "/*",
      }),
      expect.objectContaining({
        level: "error",
        msg: "request",
        requestId: "log-failing-1",
        api: "twimbol",
        cfRay: "8f0c2a1b3c4d5e70-LHR",
        status: 503,
      }),
    ]);
    // No plain-text line anywhere in what this request wrote.
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
  });
});

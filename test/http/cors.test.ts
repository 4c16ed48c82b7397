// DESIGN.md "Cross-cutting contracts": CORS on every answer; credentials only for origins listed explicitly.
import { describe, expect, it } from "vitest";
import { UntypedClient as Client, type RawReply as Reply } from "../helpers/client";
import { makeUserWithToken } from "../helpers/factories";
import { StreamSocket, upgrade } from "../helpers/ws";

const APP = "https://app.example";
const LISTED = { ENVIRONMENT: "production", CORS_ALLOWED_ORIGINS: `${APP}, https://admin.example` };
const METHODS = "GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS";
const HEADERS =
  "Authorization,Content-Type,Accept,X-Request-Id,X-CSRFToken,X-Requested-With,Range,X-D1-Bookmark";
const EXPOSED =
  "X-Request-Id,X-Rate-Limit-Limit,X-Rate-Limit-Remaining,X-Rate-Limit-Reset,Retry-After,Link,Content-Range,Accept-Ranges,X-D1-Bookmark";

const preflight = (client: Client, path: string) =>
  client.request("OPTIONS", path, {
    headers: {
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,content-type",
    },
  });

/** Every CORS header of an answer, so a test pins the whole set, not just the ones it expects. */
const corsHeaders = (res: Reply) =>
  Object.fromEntries([...res.headers].filter(([k]) => k.startsWith("access-control-")));
const varies = (res: Reply) => (res.headers.get("Vary") ?? "").split(",").map((v) => v.trim());

describe("OPTIONS that is not a preflight", () => {
  it("goes to the routes: a 404 in the owning API's envelope, with the request id", async () => {
    const res = await new Client().request("OPTIONS", "/users/no-such-route/");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: "Not found." });
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
  });
});

describe("preflight (OPTIONS)", () => {
  it("an explicitly listed origin: 204 with methods, headers, max-age and credentials", async () => {
    const res = await preflight(new Client({ Origin: APP }, LISTED), "/user/login/");
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(corsHeaders(res)).toEqual({
      "access-control-allow-origin": APP,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": METHODS,
      "access-control-allow-headers": HEADERS,
      "access-control-max-age": "7200",
      "access-control-expose-headers": EXPOSED,
    });
    expect(varies(res)).toContain("Origin");
  });

  it("answers on every route, unknown ones and ones with parameters included", async () => {
    for (const path of [
      "/users/leaderboard/",
      "/api/posts/12/like/",
      "/user/api/update/3/",
      "/no/such/route",
      "/media/u/1/avatar/x.png",
    ]) {
      const res = await preflight(new Client({ Origin: APP }, LISTED), path);
      expect(res.status, path).toBe(204);
      expect(res.headers.get("Access-Control-Allow-Origin"), path).toBe(APP);
    }
  });

  it("a refused origin: 204 without any allow header (the browser then blocks the call)", async () => {
    const res = await preflight(new Client({ Origin: "https://evil.example" }, LISTED), "/user/login/");
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({});
    expect(varies(res)).toContain("Origin");
  });

  it("a listed origin's look-alikes are refused", async () => {
    for (const origin of [
      "https://app.example.evil",
      "http://app.example",
      "https://app.example:444",
      "null",
    ]) {
      const res = await preflight(new Client({ Origin: origin }, LISTED), "/user/login/");
      expect(corsHeaders(res), origin).toEqual({});
    }
  });

  it("in development every http://localhost:<port> and http://127.0.0.1:<port> origin is allowed, without credentials", async () => {
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:3000", "http://localhost"]) {
      const res = await preflight(
        new Client({ Origin: origin }, { ENVIRONMENT: "development" }),
        "/user/login/",
      );
      expect(res.status, origin).toBe(204);
      expect(corsHeaders(res), origin).toEqual({
        "access-control-allow-origin": origin,
        "access-control-allow-methods": METHODS,
        "access-control-allow-headers": HEADERS,
        "access-control-max-age": "7200",
        "access-control-expose-headers": EXPOSED,
      });
    }
    for (const origin of [
      "https://localhost:5173",
      "http://localhost.evil.example",
      "http://127.0.0.2:3000",
    ]) {
      const res = await preflight(
        new Client({ Origin: origin }, { ENVIRONMENT: "development" }),
        "/user/login/",
      );
      expect(corsHeaders(res), origin).toEqual({});
    }
  });

  it("outside development a localhost origin is an arbitrary origin: refused", async () => {
    const res = await preflight(new Client({ Origin: "http://localhost:5173" }, LISTED), "/user/login/");
    expect(corsHeaders(res)).toEqual({});
  });

  it("a localhost origin listed by name in development gets credentials", async () => {
    const vars = { ENVIRONMENT: "development", CORS_ALLOWED_ORIGINS: "http://localhost:5173" };
    expect(
      (await preflight(new Client({ Origin: "http://localhost:5173" }, vars), "/user/login/")).headers.get(
        "Access-Control-Allow-Credentials",
      ),
    ).toBe("true");
    const other = await preflight(new Client({ Origin: "http://localhost:4000" }, vars), "/user/login/");
    expect(other.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:4000");
    expect(other.headers.get("Access-Control-Allow-Credentials")).toBeNull();
  });

  it("`*`: any origin, never credentials, the same answer for all (no Vary: Origin)", async () => {
    for (const origin of ["https://anyone.example", APP]) {
      const res = await preflight(
        new Client({ Origin: origin }, { ENVIRONMENT: "production", CORS_ALLOWED_ORIGINS: "*" }),
        "/user/login/",
      );
      expect(res.status).toBe(204);
      expect(corsHeaders(res)).toEqual({
        "access-control-allow-origin": "*",
        "access-control-allow-methods": METHODS,
        "access-control-allow-headers": HEADERS,
        "access-control-max-age": "7200",
        "access-control-expose-headers": EXPOSED,
      });
      expect(varies(res)).not.toContain("Origin");
    }
  });

  it("`*` with listed origins: credentials for the listed ones only", async () => {
    const vars = { ENVIRONMENT: "production", CORS_ALLOWED_ORIGINS: `*,${APP}` };
    const listed = await preflight(new Client({ Origin: APP }, vars), "/user/login/");
    expect(listed.headers.get("Access-Control-Allow-Origin")).toBe(APP);
    expect(listed.headers.get("Access-Control-Allow-Credentials")).toBe("true");
    const other = await preflight(new Client({ Origin: "https://anyone.example" }, vars), "/user/login/");
    expect(other.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(other.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(varies(other)).toContain("Origin");
  });

  it("a listed origin is matched as browsers send it (case, trailing slash in the var)", async () => {
    const res = await preflight(
      new Client(
        { Origin: APP },
        { ENVIRONMENT: "production", CORS_ALLOWED_ORIGINS: " https://App.Example/ " },
      ),
      "/user/login/",
    );
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(APP);
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBe("true");
  });

  it("no origin configured, not development: every origin refused", async () => {
    const res = await preflight(new Client({ Origin: APP }, { ENVIRONMENT: "production" }), "/user/login/");
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({});
  });
});

describe("Access-Control-Allow-Origin on every answer", () => {
  const origin = { Origin: APP };
  const expectCors = (res: Reply, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(APP);
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBe("true");
    expect(res.headers.get("Access-Control-Expose-Headers")).toBe(EXPOSED);
    expect(varies(res)).toContain("Origin");
  };

  it("200", async () => {
    const res = await new Client(origin, LISTED).get("/users/leaderboard/?limit=1");
    expectCors(res, 200);
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
  });

  it("401 in the surface's envelope", async () => {
    const res = await new Client(origin, LISTED).get("/user/api/profile/");
    expectCors(res, 401);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("404 for an unknown route", async () => {
    const res = await new Client(origin, LISTED).get("/no/such/route");
    expectCors(res, 404);
    expect(res.body).toEqual({ detail: "Not found." });
  });

  it("405", async () => {
    const res = await new Client(origin, LISTED).get("/user/login/");
    expectCors(res, 405);
    expect(res.body).toEqual({ detail: 'Method "GET" not allowed.' });
  });

  it("302 (Twimbol logout)", async () => {
    const u = await makeUserWithToken();
    const res = await new Client(origin, LISTED).withToken(u.access).post("/user/logout/");
    expectCors(res, 302);
    expect(res.headers.get("Location")).toBe("/user/login/");
  });

  it("413 from the body cap, before any route", async () => {
    const res = await new Client(origin, LISTED).post("/users/register/", {
      username: "x".repeat(2 * 1024 * 1024),
      password1: "a",
      password2: "a",
    });
    expectCors(res, 413);
    expect(res.body).toEqual({ errors: "Request body is too large." });
  });

  it("429 from the rate limiter, before any route, with Retry-After readable", async () => {
    // A start away from the window's edge, so both requests share one window.
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 3_000) await new Promise((r) => setTimeout(r, msLeft + 50));
    const client = new Client(origin, { ...LISTED, RATE_LIMIT_PER_MINUTE: "1" });
    expectCors(await client.get("/users/leaderboard/?limit=1"), 200);
    const over = await client.get("/users/leaderboard/?limit=1");
    expectCors(over, 429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(over.body.errors).toMatch(/^Request was throttled\./);
  });

  it("503 for a broken configuration (no usable JWT_SECRET)", async () => {
    const res = await new Client(origin, { ...LISTED, JWT_SECRET: "too-short" }).get(
      "/users/leaderboard/?limit=1",
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(APP);
  });

  it("a refused origin gets no CORS header on an actual request either", async () => {
    const res = await new Client({ Origin: "https://evil.example" }, LISTED).get(
      "/users/leaderboard/?limit=1",
    );
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
    expect(varies(res)).toContain("Origin");
  });

  it("a dev localhost origin gets ACAO and no credentials on an actual request", async () => {
    const res = await new Client({ Origin: "http://localhost:5173" }).get("/user/api/profile/");
    expect(res.status).toBe(401);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:5173");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
  });

  it("`*`: ACAO * even without an Origin header, never credentials", async () => {
    const res = await new Client({}, { ENVIRONMENT: "production", CORS_ALLOWED_ORIGINS: "*" }).get(
      "/no/such/route",
    );
    expect(res.status).toBe(404);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
  });

  it("keeps the answer's own cookies (a cookie login from a listed origin, CSRF-trusted too)", async () => {
    const u = await makeUserWithToken();
    // CORS lets the browser send and read; the CSRF rule for cookie writes is separate and unchanged.
    const client = new Client(origin, { ...LISTED, CSRF_TRUSTED_ORIGINS: APP });
    const res = await client.post("/users/login/", { username: u.username, password: u.password });
    expectCors(res, 200);
    expect(client.cookies.get("sessionid")).toBeTruthy();
  });
});

describe("WebSocket upgrades", () => {
  it("still upgrade when the browser sends its Origin", async () => {
    const u = await makeUserWithToken();
    const res = await upgrade("/api/notifications/stream", {
      Authorization: `Bearer ${u.access}`,
      Origin: "http://localhost:5173",
    });
    expect(res.status).toBe(101);
    const socket = new StreamSocket(res.webSocket!);
    await socket.ready();
    socket.close();
  });
});

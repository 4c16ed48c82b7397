import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import * as z from "zod";
import { declarationOf, declareRoutes } from "../../src/http/openapi";
import { UntypedClient as Client } from "../helpers/client";

/**
 * Routes that are not operations of any client API, and so are not in /openapi.json:
 * the document and its page themselves, the media files, the health probe, the development
 * outbox (a 404 outside development), the index at `GET /` (links to these), and the admin panel's HTML pages (`/admin/…`, issue 14).
 * `ALL` entries are middleware and catch-all 404s, never operations.
 */
const UNDOCUMENTED = new Set([
  "GET /openapi.json",
  "GET /docs",
  "GET /docs/init.js",
  "GET /media/:key{.+}",
  "HEAD /media/:key{.+}",
  "GET /media/userlogos/user.jpg",
  "HEAD /media/userlogos/user.jpg",
  "GET /",
  "GET /healthz",
  "GET /_dev/outbox",
]);

/** Answers that have no body by definition. */
const BODYLESS = new Set(["101", "204", "302"]);

describe("route declarations", () => {
  it("refuses a guard without auth, which would leave the route unguarded", () => {
    const route = declareRoutes({ tag: "probe", unsupportedMediaType: z.object({}) });
    expect(() => route({ summary: "probe", guard: () => undefined, responses: {} })).toThrow(
      'route "probe": a guard needs auth',
    );
  });

  it("every route in app.routes is declared, except the documented exemptions", () => {
    const declared = new Set<string>();
    const all = new Set<string>();
    for (const r of app.routes) {
      if (r.method === "ALL") continue;
      // The admin panel is pages for a browser, not an API operation.
      if (r.path.startsWith("/admin/")) continue;
      const key = `${r.method} ${r.path}`;
      all.add(key);
      if (declarationOf(r.handler)) declared.add(key);
    }
    const undeclared = [...all].filter((k) => !declared.has(k) && !UNDOCUMENTED.has(k));
    expect(undeclared).toEqual([]);
    // An exemption that no longer exists, or that got declared after all, is stale.
    expect([...UNDOCUMENTED].filter((k) => !all.has(k) || declared.has(k))).toEqual([]);
    expect(declared.size).toBeGreaterThan(30);
  });

  it("/openapi.json has a response schema for every documented status with a body", async () => {
    const { paths } = (await new Client().get("/openapi.json")).body as {
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, { content?: { "application/json"?: { schema?: object } } }> }
        >
      >;
    };
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = response.content?.["application/json"]?.schema;
          if (BODYLESS.has(status) ? schema : !schema)
            missing.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("a declared auth requirement answers 401 before any 400 about the body", async () => {
    const res = await new Client().post("/user/profile/follow/", { user_id: "not a number" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
  });
});

/** The declared schema of `status` for the route `METHOD path` (hono's own path, as registered). */
function declaredSchema(method: string, path: string, status: number) {
  for (const r of app.routes) {
    const decl = r.method === method && r.path === path ? declarationOf(r.handler) : undefined;
    if (decl) return decl.responses[status]?.schema;
  }
  throw new Error(`no declaration for ${method} ${path}`);
}

/** The body is exactly what the schema describes: parsing neither fails nor drops a key. */
function expectConforms(method: string, path: string, res: { status: number; body: unknown }) {
  const schema = declaredSchema(method, path, res.status);
  expect(schema, `${method} ${path} declares ${res.status}`).toBeDefined();
  const parsed = schema!.safeParse(res.body);
  expect(parsed.error?.issues, `${method} ${path} ${res.status} ${JSON.stringify(res.body)}`).toBeUndefined();
  expect(parsed.data, `${method} ${path} ${res.status}: keys the schema does not declare`).toEqual(res.body);
}

describe("served bodies match their declared response schemas", () => {
  it("success and error bodies of each surface", async () => {
    const { makeUserWithToken, uniqueName } = await import("../helpers/factories");
    const { PASSWORD } = await import("../helpers/fixtures");
    const anon = new Client();
    const username = uniqueName("decl");
    const reg = await anon.post("/user/api/register/", {
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
    });
    expectConforms("POST", "/user/api/register/", reg);
    expectConforms("POST", "/user/api/register/", await anon.post("/user/api/register/", {}));
    const login = await anon.post("/user/login/", { username, password: PASSWORD });
    expectConforms("POST", "/user/login/", login);
    expectConforms(
      "POST",
      "/user/login/",
      await anon.post("/user/login/", { username, password: "wrong-Password-1" }),
    );
    expectConforms(
      "POST",
      "/api/token/refresh",
      await anon.post("/api/token/refresh", { refresh: login.body.refresh }),
    );
    expectConforms("POST", "/api/token/refresh", await anon.post("/api/token/refresh", { refresh: "nope" }));
    const me = new Client().withToken(login.body.access);
    expectConforms("GET", "/user/api/profile/", await me.get("/user/api/profile/"));
    expectConforms("GET", "/user/api/profile/", await anon.get("/user/api/profile/"));
    expectConforms("GET", "/api/notifications/", await me.get("/api/notifications/"));
    expectConforms("GET", "/api/notifications/preferences/", await me.get("/api/notifications/preferences/"));
    expectConforms(
      "POST",
      "/api/notifications/mark-all-read/",
      await me.post("/api/notifications/mark-all-read/"),
    );
    expectConforms("GET", "/user/api/creator-application/", await me.get("/user/api/creator-application/"));
    expectConforms("POST", "/user/api/creator-application/", await me.post("/user/api/creator-application/"));
    expectConforms("POST", "/user/api/creator-application/", await me.post("/user/api/creator-application/"));

    const game = new Client();
    const gameLogin = await game.post("/users/login/", { username, password: PASSWORD });
    expectConforms("POST", "/users/login/", gameLogin);
    expectConforms("GET", "/users/:id{[0-9]+}/", await game.get(`/users/${reg.body.user.id}/`));
    expectConforms("GET", "/users/:id{[0-9]+}/", await game.get(`/users/${reg.body.user.id + 1}/`));
    expectConforms("GET", "/users/:id{[0-9]+}/", await new Client().get(`/users/${reg.body.user.id}/`));
    expectConforms("GET", "/users/leaderboard/", await anon.get("/users/leaderboard/?limit=2"));
    expectConforms("GET", "/users/leaderboard/", await anon.get("/users/leaderboard/?limit=x"));
    expectConforms(
      "POST",
      "/users/register/",
      await anon.post("/users/register/", {
        username: uniqueName("g"),
        password1: PASSWORD,
        password2: "other",
      }),
    );

    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const adminClient = new Client().withToken(admin.access);
    const applications = await adminClient.get("/api/admin/creator-applications/?status=0");
    expectConforms("GET", "/api/admin/creator-applications/", applications);
    const mine = applications.body.find((a: { user: number }) => a.user === reg.body.user.id);
    expectConforms(
      "POST",
      "/api/admin/creator-applications/:id{[0-9]+}/approve/",
      await adminClient.post(`/api/admin/creator-applications/${mine.id}/approve/`),
    );
    expectConforms(
      "PATCH",
      "/api/admin/users/:id{[0-9]+}/",
      await adminClient.patch(`/api/admin/users/${reg.body.user.id}/`, { score: 5 }),
    );
    expectConforms(
      "PATCH",
      "/api/admin/users/:id{[0-9]+}/",
      await me.patch(`/api/admin/users/${reg.body.user.id}/`, { score: 5 }),
    );
  });
});

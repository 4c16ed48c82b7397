// DESIGN.md "Known facts": every route answers with and without its trailing slash, for every method, without a redirect.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { UntypedClient as Client } from "../helpers/client";
import { makePost, makeUser, makeUserWithToken, uniqueName } from "../helpers/factories";
import { PASSWORD } from "../helpers/fixtures";
import { notifyNow } from "../helpers/notifications";
import { StreamSocket, upgrade } from "../helpers/ws";

const withoutSlash = (path: string) => (path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path);

/** Every declared (method, path) of the app, read from its routing table so a new route is walked without touching this file. */
function declaredRoutes() {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    // Middleware and catch-alls (`*`) are not routes a client calls.
    if (r.method === "ALL" || r.path.includes("*")) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

describe("every declared route, with and without its trailing slash", () => {
  it("answers both forms alike: same status, never a 404 or a redirect", async () => {
    const owner = await makeUser();
    const mediaKey = `u/${owner.id}/walk/${uniqueName()}.txt`;
    await env.MEDIA.put(mediaKey, "walk");
    const values: Record<string, string> = {
      key: mediaKey,
      post_id: String((await makePost(owner.id)).id),
      username: owner.username,
    };
    const concrete = (path: string) =>
      path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, (_, name: string) => values[name] ?? String(owner.id));

    const routes = declaredRoutes();
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "GET /user/api/profile/",
        "POST /user/login/",
        "GET /api/notifications/",
        "GET /api/notifications/stream",
        "GET /openapi.json",
        "GET /media/:key{.+}",
      ]),
    );

    const mismatches: string[] = [];
    for (const { method, path } of routes) {
      // The root has one form only: `/` without its slash is no path at all.
      if (path === "/") continue;
      const bare = withoutSlash(concrete(path));
      const json = method === "GET" || method === "HEAD" ? undefined : {};
      // Development routes answer only a caller on this machine, as the developer is.
      const local = path.startsWith("/_dev/");
      const client = local ? new Client({ "CF-Connecting-IP": "127.0.0.1" }) : new Client();
      const ask = async (form: string) => ({
        form,
        ...(await client.request(method, local ? `http://127.0.0.1${form}` : form, { json })),
      });
      const a = await ask(bare);
      const b = await ask(`${bare}/`);
      // The admin panel's pages send an anonymous visitor to its sign-in form by design (a 303, both forms alike).
      const redirects = path.startsWith("/admin/");
      const bad = (s: number) => s === 404 || (!redirects && s >= 300 && s < 400);
      if (a.status !== b.status || bad(a.status) || bad(b.status))
        mismatches.push(`${method} ${path}: ${a.form} → ${a.status}, ${b.form} → ${b.status}`);
    }
    expect(mismatches).toEqual([]);
    // It walks every documented route: its time grows with the route count, not with the data.
  }, 60_000);
});

describe("the Twimbol mobile app's slash-less calls", () => {
  it("GET /user/api/profile with a token: 200 and the same body as with the slash", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const bare = await client.get("/user/api/profile");
    const slashed = await client.get("/user/api/profile/");
    expect(bare.status).toBe(200);
    expect(slashed.status).toBe(200);
    expect(bare.body).toEqual(slashed.body);
    expect(bare.body).toEqual([
      expect.objectContaining({ id: u.id, user: expect.objectContaining({ username: u.username }) }),
    ]);
  });

  it("POST /user/login with a JSON body logs in, no redirect", async () => {
    const u = await makeUser();
    const res = await new Client().post("/user/login", { username: u.username, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.headers.get("Location")).toBeNull();
    expect(res.body).toEqual({
      access: expect.any(String),
      refresh: expect.any(String),
      user: expect.objectContaining({ id: u.id, username: u.username }),
    });
  });

  it("GET /api/notifications with a token: 200 and the user's notifications", async () => {
    const u = await makeUserWithToken();
    await notifyNow(u.id, { message: "hello", page: "profile" });
    const client = new Client().withToken(u.access);
    const bare = await client.get("/api/notifications");
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual([expect.objectContaining({ message: "hello" })]);
    expect((await client.get("/api/notifications/")).body).toEqual(bare.body);
  });

  it("POST /api/token/refresh/ and /api/token/refresh both refresh", async () => {
    const u = await makeUserWithToken();
    for (const path of ["/api/token/refresh", "/api/token/refresh/"]) {
      const res = await new Client().post(path, { refresh: u.refresh });
      expect(res.status, path).toBe(200);
      expect(res.body, path).toEqual({ access: expect.any(String) });
    }
  });
});

describe("routes whose canonical form has no trailing slash", () => {
  it("/media/<key>/ serves the very object /media/<key> does", async () => {
    const owner = await makeUser();
    const key = `u/${owner.id}/avatar/${uniqueName()}.txt`;
    await env.MEDIA.put(key, "the object", { httpMetadata: { contentType: "text/plain" } });
    const bare = await new Client().get(`/media/${key}`);
    const slashed = await new Client().get(`/media/${key}/`);
    expect(bare.status).toBe(200);
    expect(bare.text).toBe("the object");
    expect(slashed.status).toBe(200);
    expect(slashed.text).toBe("the object");
    expect(slashed.headers.get("ETag")).toBe(bare.headers.get("ETag"));
  });

  it("/media/ of a key that is not stored stays a 404, with or without the slash", async () => {
    for (const path of ["/media/u/0/avatar/none.png", "/media/u/0/avatar/none.png/"]) {
      const res = await new Client().get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toEqual({ detail: "Not found." });
    }
  });

  it("only one trailing slash is forgiven", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).get("/user/api/profile//");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not found." });
  });

  it.each(["/api/notifications/stream", "/api/notifications/stream/"])(
    "WebSocket upgrade on %s: 101, the hub says ready",
    async (path) => {
      const u = await makeUserWithToken();
      const res = await upgrade(path, { Authorization: `Bearer ${u.access}` });
      expect(res.status).toBe(101);
      const socket = new StreamSocket(res.webSocket!);
      await socket.ready();
      socket.close();
    },
  );

  it.each(["/openapi.json/", "/docs/"])("%s answers as without the slash", async (path) => {
    const bare = await new Client().get(withoutSlash(path));
    const slashed = await new Client().get(path);
    expect(slashed.status).toBe(200);
    expect(slashed.text).toBe(bare.text);
  });
});

describe("the owning API's envelope for slash-less paths", () => {
  it("/users, /users/<id> and an unknown /users/… belong to the game", async () => {
    const root = await new Client().get("/users");
    expect(root.status).toBe(404);
    expect(root.body).toEqual({ errors: "Not found." });
    const profile = await new Client().get("/users/123");
    expect(profile.status).toBe(401);
    expect(profile.body).toEqual({ errors: "User is not authenticated." });
    const unknown = await new Client().get("/users/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ errors: "Not found." });
  });

  it("an oversized body on /users/register is a 413 in the game's envelope", async () => {
    const res = await new Client().request("POST", "/users/register", {
      body: JSON.stringify({ pad: "x".repeat(1024 * 1024 + 1) }),
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ errors: expect.anything() });
  });

  it("a 429 on /users/leaderboard is in the game's envelope", async () => {
    const client = new Client({}, { RATE_LIMIT_PER_MINUTE: "1" });
    await client.get("/users/leaderboard");
    const res = await client.get("/users/leaderboard");
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ errors: expect.stringMatching(/^Request was throttled\./) });
  });

  it("/user/api/profile without a token is Twimbol's 401", async () => {
    const res = await new Client().get("/user/api/profile");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
  });
});

describe("GET /openapi.json", () => {
  it("lists each route once: no path appears in both forms", async () => {
    const { paths } = (await new Client().get("/openapi.json")).body as { paths: Record<string, unknown> };
    const keys = Object.keys(paths);
    const twins = keys.filter((p) => p.endsWith("/") && p.length > 1 && keys.includes(withoutSlash(p)));
    expect(twins).toEqual([]);
    expect(paths).toHaveProperty(["/api/token/refresh", "post"]);
    expect(paths).not.toHaveProperty(["/api/token/refresh/"]);
  });
});

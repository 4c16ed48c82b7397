// DESIGN.md "What the service is" and "Cross-cutting contracts": every path has one owner, which answers its 404 and 405.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { SurfaceRegistry } from "../../src/http/surface-registry";
import { surfaces, unowned } from "../../src/surfaces";
import { UntypedClient as Client } from "../helpers/client";
import { misownedRoutes } from "../helpers/ownership";

const owners = new SurfaceRegistry(surfaces, unowned);
const concrete = (path: string) =>
  path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, (_, name: string) =>
    name === "key" ? "u/1/avatar/x.png" : "1",
  );
/** Methods a client might send that no route may have declared. */
const PROBES = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Each declared (method, path) of each surface; middleware and catch-alls (`ALL`) are not client routes. */
function declared() {
  const out: { surface: (typeof surfaces)[number]; path: string; methods: Set<string> }[] = [];
  for (const surface of surfaces) {
    const byPath = new Map<string, Set<string>>();
    for (const r of surface.app.routes)
      if (r.method !== "ALL")
        (byPath.get(r.path) ?? byPath.set(r.path, new Set()).get(r.path)!).add(r.method);
    for (const [path, methods] of byPath) out.push({ surface, path, methods });
  }
  return out;
}

describe("the surface list", () => {
  it("every route of every surface resolves to the surface that declared it, and reaches no other surface's paths", () => {
    expect(misownedRoutes(surfaces, owners)).toEqual([]);
  });

  it("every route the app serves comes from a surface of the list", () => {
    const fromSurfaces = new Set(surfaces.flatMap((s) => s.app.routes.map((r) => `${r.method} ${r.path}`)));
    // app.ts's own middleware (security headers, CORS, log, deps and rate limit, body cap) is `ALL /*`.
    const stray = app.routes
      .filter((r) => !(r.method === "ALL" && r.path === "/*"))
      .filter((r) => !fromSurfaces.has(`${r.method} ${r.path}`));
    expect(stray.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(app.routes.length).toBeGreaterThan(fromSurfaces.size);
  });

  it("knows the APIs and their envelopes", () => {
    expect(surfaces.map((s) => s.name)).toEqual(
      expect.arrayContaining(["game", "twimbol", "mediacms", "admin", "dev", "docs", "health", "media"]),
    );
    expect(owners.surfaceFor("/users/nothing/").name).toBe("game");
    expect(owners.surfaceFor("/api/notifications/x").name).toBe("twimbol");
    expect(owners.surfaceFor("/api/admin/x").name).toBe("admin");
    expect(owners.surfaceFor("/api/v1/users/x").name).toBe("mediacms");
    expect(owners.surfaceFor("/media/userlogos/user.jpg").name).toBe("media");
  });
});

describe("405 on every declared path, in its surface's envelope", () => {
  it("a method the path does not declare: 405, Allow lists the declared ones (HEAD with GET)", async () => {
    const wrong: string[] = [];
    let probed = 0;
    for (const { surface, path, methods } of declared()) {
      const method = PROBES.find((m) => !methods.has(m));
      if (!method) continue;
      const allow = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].filter(
        (m) => methods.has(m) || (m === "HEAD" && methods.has("GET")),
      );
      // Development routes answer only a caller on this machine, as the developer is.
      const local = path.startsWith("/_dev/");
      const client = new Client(local ? { "CF-Connecting-IP": "127.0.0.1" } : {});
      for (const form of [concrete(path), concrete(path).replace(/\/$/, "")]) {
        const res = await client.request(method, local ? `http://127.0.0.1${form}` : form, {
          json: method === "GET" ? undefined : {},
        });
        probed++;
        // A surface that renders its errors (the admin panel) answers a page carrying its 405 wording.
        const title = (surface.methodNotAllowed(method) as { title?: string }).title;
        const body =
          surface.render && typeof res.body === "string" && title && res.body.includes(`<h1>${title}</h1>`)
            ? "page"
            : res.body;
        const expected = {
          status: 405,
          allow: allow.join(", "),
          body: surface.render ? "page" : surface.methodNotAllowed(method),
        };
        const got = { status: res.status, allow: res.headers.get("Allow"), body };
        if (JSON.stringify(got) !== JSON.stringify(expected))
          wrong.push(`${method} ${form}: ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(probed).toBeGreaterThan(40);
  });

  it("the wording of each API", async () => {
    const game = await new Client().request("DELETE", "/users/leaderboard/");
    expect(game.status).toBe(405);
    expect(game.body).toEqual({ errors: 'Method "DELETE" not allowed.' });
    expect(game.headers.get("Allow")).toBe("GET, HEAD");
    const twimbol = await new Client().get("/user/login/");
    expect(twimbol.status).toBe(405);
    expect(twimbol.body).toEqual({ detail: 'Method "GET" not allowed.' });
    expect(twimbol.headers.get("Allow")).toBe("POST");
    const notifications = await new Client().request("POST", "/api/notifications/preferences/");
    expect(notifications.status).toBe(405);
    expect(notifications.body).toEqual({ detail: 'Method "POST" not allowed.' });
    expect(notifications.headers.get("Allow")).toBe("GET, HEAD, PATCH");
    const admin = await new Client().get("/api/admin/users/1/");
    expect(admin.status).toBe(405);
    expect(admin.body).toEqual({ detail: 'Method "GET" not allowed.' });
    expect(admin.headers.get("Allow")).toBe("PATCH, DELETE");
  });

  it("an unknown path under a prefix stays a 404 for every method, a second trailing slash included", async () => {
    for (const method of PROBES) {
      const res = await new Client().request(method, "/users/nothing/here/");
      expect(res.status, method).toBe(404);
      expect(res.body).toEqual({ errors: "Not found." });
      expect(res.headers.get("Allow")).toBeNull();
      const doubled = await new Client().request(method, "/user/api/profile//");
      expect(doubled.status, method).toBe(404);
      expect(doubled.body).toEqual({ detail: "Not found." });
    }
  });

  it("HEAD on a GET route answers as GET, without a body; on a POST-only path it is a 405", async () => {
    const head = await new Client().request("HEAD", "/users/leaderboard/?limit=1");
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    const onPost = await new Client().request("HEAD", "/users/login/");
    expect(onPost.status).toBe(405);
    expect(onPost.headers.get("Allow")).toBe("POST");
  });

  it("a CORS preflight still answers on a path whatever it declares; a plain OPTIONS gets the 405", async () => {
    const preflight = await new Client({ Origin: "http://localhost:5173" }).request(
      "OPTIONS",
      "/users/leaderboard/",
      { headers: { "Access-Control-Request-Method": "PUT" } },
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:5173");
    const plain = await new Client().request("OPTIONS", "/users/login/");
    expect(plain.status).toBe(405);
    expect(plain.body).toEqual({ errors: 'Method "OPTIONS" not allowed.' });
    expect(plain.headers.get("Allow")).toBe("POST");
  });

  it("/_dev/ stays absent outside development and for remote callers: a 404 for every method, never a 405", async () => {
    const remote = await new Client().request("POST", "/_dev/outbox");
    expect(remote.status).toBe(404);
    expect(remote.body).toEqual({ detail: "Not found." });
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`http://127.0.0.1/_dev/outbox`, {
        method: "PUT",
        headers: { "CF-Connecting-IP": "127.0.0.1" },
      }),
      { ...env, ENVIRONMENT: "production" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(404);
    expect(res.headers.get("Allow")).toBeNull();
    expect(await res.json()).toEqual({ detail: "Not found." });
  });
});

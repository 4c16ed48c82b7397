// DESIGN.md "What the service is": path ownership is exact, with Cocotree's carve-outs inside the game's /users/.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors";
import type { AppEnv } from "../../src/env";
import type { Envelope } from "../../src/http/envelope";
import { defineSurface } from "../../src/http/surface";
import { SurfaceRegistry } from "../../src/http/surface-registry";
import { slashInsensitiveRouting } from "../../src/http/trailing-slash";
import { mayReach, misownedRoutes } from "../helpers/ownership";

/** An envelope that names its surface, so a test sees who answered. */
const envelopeOf = (name: string): Envelope => ({
  fromDomain: (err) => ({
    status: err.code === "PAYLOAD_TOO_LARGE" ? 413 : 404,
    body: { by: name, code: err.code },
  }),
  internal: () => ({ by: name, code: "INTERNAL" }),
  misconfigured: () => ({ by: name, code: "MISCONFIGURED" }),
});

function surface(name: string, prefixes: string[], routes: (app: Hono<AppEnv>) => void = () => {}) {
  const app = new Hono<AppEnv>();
  routes(app);
  return defineSurface({
    name,
    prefixes,
    envelope: envelopeOf(name),
    app,
    methodNotAllowed: (method) => ({ by: name, notAllowed: method }),
  });
}

/** Cocotree (issue 12) and MediaCMS as they will be declared, beside the game and Twimbol. */
const COCOTREE = [
  "/users/user_info/",
  "/users/search_users/",
  "/users/search_friends/",
  "/users/user_details/",
  "/users/delete_account/",
  "/users/friends/",
];
const ok = () => new Response("ok");
function synthetic() {
  const game = surface("game", ["/users/"], (app) => {
    app.post("/users/login/", ok);
    app.get("/users/:id{[0-9]+}/", ok);
    app.patch("/users/:id{[0-9]+}/", ok);
  });
  const cocotree = surface("cocotree", COCOTREE, (app) => {
    app.get("/users/user_info/", ok);
    app.get("/users/friends/search_friends/", ok);
  });
  const mediacms = surface("mediacms", ["/api/v1/", "/accounts/"], (app) => app.get("/api/v1/users", ok));
  const twimbol = surface("twimbol", ["/user/"], (app) => app.post("/user/login/", ok));
  const unowned = surface("unowned", []);
  const surfaces = [game, cocotree, mediacms, twimbol];
  return { surfaces, unowned, owners: new SurfaceRegistry(surfaces, unowned) };
}

describe("SurfaceRegistry.ownerOf", () => {
  const { owners } = synthetic();
  const ownerName = (path: string) => owners.ownerOf(path)?.surface.name ?? null;

  it.each([
    ["/users/user_info/", "cocotree"],
    ["/users/user_info", "cocotree"],
    ["/users/user_info/42/", "cocotree"],
    ["/users/search_users/", "cocotree"],
    ["/users/search_friends/", "cocotree"],
    ["/users/user_details/7", "cocotree"],
    ["/users/delete_account/", "cocotree"],
    ["/users/friends/", "cocotree"],
    ["/users/friends/search_friends/", "cocotree"],
    ["/users/user_infox", "game"],
    ["/users/user_infox/", "game"],
    ["/users/friendsx/", "game"],
    ["/users/12/", "game"],
    ["/users/login", "game"],
    ["/users/", "game"],
    ["/users", "game"],
    ["/api/v1/users/", "mediacms"],
    ["/api/v1", "mediacms"],
    ["/accounts/login/", "mediacms"],
    ["/user/login/", "twimbol"],
    ["/usersx", null],
    ["/api/v10/", null],
    ["/api/", null],
    ["/accountsx/", null],
    ["/", null],
    ["", null],
  ])("%s → %s", (path, owner) => {
    expect(ownerName(path)).toBe(owner);
  });

  it("names the prefix that won, as declared, and its API for the request log", () => {
    expect(owners.prefixFor("/users/user_info/3")).toBe("/users/user_info/");
    expect(owners.prefixFor("/users/3")).toBe("/users/");
    expect(owners.prefixFor("/nowhere")).toBeNull();
    expect(owners.apiNameFor("/users/user_info/3")).toBe("cocotree");
    expect(owners.apiNameFor("/users/3")).toBe("game");
    expect(owners.apiNameFor("/nowhere")).toBeNull();
  });

  it("a prefix of `/` owns the root path alone", () => {
    const root = surface("root", ["/"]);
    const registry = new SurfaceRegistry([root, surface("game", ["/users/"])], surface("none", []));
    expect(registry.surfaceFor("/")).toBe(root);
    expect(registry.apiNameFor("/users/3")).toBe("game");
    expect(registry.ownerOf("/nowhere")).toBeNull();
  });

  it("falls back for a path nobody owns", () => {
    const { owners: registry, unowned } = synthetic();
    expect(registry.surfaceFor("/nowhere/")).toBe(unowned);
  });
});

describe("SurfaceRegistry refuses an ambiguous list", () => {
  it("a prefix declared twice, with or without its slash", () => {
    expect(
      () => new SurfaceRegistry([surface("a", ["/users/"]), surface("b", ["/users"])], surface("none", [])),
    ).toThrow(/declared by both a and b/);
    expect(() => new SurfaceRegistry([surface("a", ["/x/", "/x"])], surface("none", []))).toThrow(
      /declared by both a and a/,
    );
  });

  it("a name declared twice", () => {
    expect(
      () => new SurfaceRegistry([surface("a", ["/x/"]), surface("a", ["/y/"])], surface("none", [])),
    ).toThrow(/declared twice/);
  });

  it.each(["", "users/", "/a//b/"])("a prefix that is not whole segments: %j", (prefix) => {
    expect(() => new SurfaceRegistry([surface("a", [prefix])], surface("none", []))).toThrow(
      /whole path segments/,
    );
  });
});

describe("SurfaceRegistry.mount: the owner answers 404, 405 and pre-route errors", () => {
  function mounted() {
    const { owners } = synthetic();
    const app = new Hono<AppEnv>(slashInsensitiveRouting());
    // A refusal before any route, as the body cap's.
    app.use("*", async (c, next) => {
      if (c.req.header("X-Too-Large")) throw new DomainError("PAYLOAD_TOO_LARGE");
      await next();
    });
    owners.mount(app);
    return app;
  }
  const ask = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const res = await mounted().request(path, { method, headers });
    return {
      status: res.status,
      allow: res.headers.get("Allow"),
      body: method === "HEAD" ? null : await res.json(),
    };
  };

  it("routes answer as declared", async () => {
    expect((await mounted().request("/users/user_info/")).status).toBe(200);
    expect((await mounted().request("/users/12/")).status).toBe(200);
  });

  it("404 under a carve-out is the carve-out's, next to it the game's", async () => {
    expect(await ask("GET", "/users/user_info/nope/")).toEqual({
      status: 404,
      allow: null,
      body: { by: "cocotree", code: "NOT_FOUND" },
    });
    expect(await ask("GET", "/users/user_infox/")).toEqual({
      status: 404,
      allow: null,
      body: { by: "game", code: "NOT_FOUND" },
    });
    expect(await ask("GET", "/elsewhere/")).toEqual({
      status: 404,
      allow: null,
      body: { by: "unowned", code: "NOT_FOUND" },
    });
  });

  it("405 with Allow, in the owner's words", async () => {
    expect(await ask("PUT", "/users/12/")).toEqual({
      status: 405,
      allow: "GET, HEAD, PATCH",
      body: { by: "game", notAllowed: "PUT" },
    });
    expect(await ask("GET", "/users/login/")).toEqual({
      status: 405,
      allow: "POST",
      body: { by: "game", notAllowed: "GET" },
    });
    expect(await ask("POST", "/users/friends/search_friends")).toEqual({
      status: 405,
      allow: "GET, HEAD",
      body: { by: "cocotree", notAllowed: "POST" },
    });
    expect(await ask("HEAD", "/user/login/")).toEqual({ status: 405, allow: "POST", body: null });
  });

  it("a pre-route error on a carve-out is in the carve-out's envelope", async () => {
    expect(await ask("POST", "/users/user_info/", { "X-Too-Large": "1" })).toEqual({
      status: 413,
      allow: null,
      body: { by: "cocotree", code: "PAYLOAD_TOO_LARGE" },
    });
    expect(await ask("POST", "/users/login/", { "X-Too-Large": "1" })).toEqual({
      status: 413,
      allow: null,
      body: { by: "game", code: "PAYLOAD_TOO_LARGE" },
    });
    expect(await ask("POST", "/accounts/x", { "X-Too-Large": "1" })).toEqual({
      status: 413,
      allow: null,
      body: { by: "mediacms", code: "PAYLOAD_TOO_LARGE" },
    });
  });
});

describe("the ownership walk", () => {
  it("mayReach reads parameters and wildcards", () => {
    expect(mayReach("/users/:name/", "/users/user_info/")).toBe(true);
    expect(mayReach("/users/:id{[0-9]+}/", "/users/user_info/")).toBe(false);
    expect(mayReach("/users/:id{[0-9]+}/", "/users/")).toBe(true);
    expect(mayReach("/users/*", "/users/friends/")).toBe(true);
    expect(mayReach("/media/:key{.+}", "/media/a/b/")).toBe(true);
    expect(mayReach("/users/", "/users/friends/")).toBe(false);
    expect(mayReach("/users/friendsx/", "/users/friends/")).toBe(false);
  });

  it("finds nothing wrong in a list that keeps to its paths", () => {
    const { surfaces, owners } = synthetic();
    expect(misownedRoutes(surfaces, owners)).toEqual([]);
  });

  it("flags a route mounted under another surface's prefix, or one that can reach a carve-out", () => {
    const { surfaces, unowned } = synthetic();
    const [game, ...rest] = surfaces;
    game!.app.get("/users/friends/", ok);
    game!.app.get("/users/:username/avatar/", ok);
    game!.app.get("/api/v1/users/", ok);
    expect(misownedRoutes(surfaces, new SurfaceRegistry([game!, ...rest], unowned)).sort()).toEqual(
      [
        "game GET /api/v1/users/ → mediacms",
        "game GET /users/friends/ → cocotree",
        ...COCOTREE.map((prefix) => `game GET /users/:username/avatar/ → cocotree (${prefix})`),
      ].sort(),
    );
  });
});

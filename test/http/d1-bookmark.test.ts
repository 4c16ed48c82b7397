// Issue 23 items 1 and 2: each request's one D1 session starts where its route declares (the
// primary unless a public read says otherwise), from the bookmark a client sends back, and every
// answer hands the session's bookmark out.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { declareRoutes } from "../../src/http/openapi";
import { Client, UntypedClient } from "../helpers/client";
import { makeUser, makeUserWithToken } from "../helpers/factories";

const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

/** env.DB, noting where each session it opens starts. */
function recordingDb(started: string[]): D1Database {
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "withSession")
        return (constraint: string) => {
          started.push(constraint);
          return target.withSession(constraint);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Where the one session of this request started. */
async function startOf(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; json?: unknown } = {},
) {
  const started: string[] = [];
  const res = await new UntypedClient({}, { DB: recordingDb(started) } as never).request(method, path, init);
  expect(started, `${method} ${path}`).toHaveLength(1);
  return { start: started[0], res };
}

/** A bookmark the local D1 handed out, as a client would hold one. */
async function realBookmark() {
  const res = await new Client().get("/users/leaderboard/");
  return res.headers.get("X-D1-Bookmark")!;
}

describe("X-D1-Bookmark on the answers", () => {
  it("is on reads, writes and errors, in D1's shape", async () => {
    const user = await makeUser();
    const answers = [
      await new Client().get("/users/leaderboard/"),
      await new Client().raw.get("/api/posts/"),
      await new Client().post("/users/login/", { username: user.username, password: user.password }),
      await new Client().post("/users/login/", { username: user.username, password: "wrong-one" }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 401]);
    for (const res of answers)
      expect(res.headers.get("X-D1-Bookmark"), `${res.status} ${res.text}`).toMatch(BOOKMARK);
  });

  it("an answer that read nothing and was sent none has none (D1 has no bookmark before a first statement)", async () => {
    const res = await new Client().raw.get("/user/api/profile/");
    expect(res.status).toBe(401);
    expect(res.headers.get("X-D1-Bookmark")).toBeNull();
  });

  it("an answer that read nothing gives back the bookmark it was sent", async () => {
    const bookmark = await realBookmark();
    const res = await new Client().raw.get("/no/such/route/", { headers: { "X-D1-Bookmark": bookmark } });
    expect(res.status).toBe(404);
    expect(res.headers.get("X-D1-Bookmark")).toBe(bookmark);
  });

  it("a browser signed in by cookie keeps it in a cookie; a token client gets the header alone", async () => {
    const user = await makeUser();
    const browser = new Client();
    const login = await browser.post("/users/login/", { username: user.username, password: user.password });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("d1_bookmark="));
    expect(cookie).toBe(
      `d1_bookmark=${login.headers.get("X-D1-Bookmark")}; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax`,
    );
    // The next cookie-authenticated read sends it back without being told.
    const next = await browser.raw.get("/users/leaderboard/");
    expect(next.headers.getSetCookie().some((c) => c.startsWith("d1_bookmark="))).toBe(true);

    const native = await makeUserWithToken();
    const res = await new Client().withToken(native.access).raw.get("/user/api/profile/");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-D1-Bookmark")).toMatch(BOOKMARK);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe("where the session starts", () => {
  it("a public read starts anywhere when anonymous, at the primary with a credential, at a bookmark sent back", async () => {
    const bookmark = await realBookmark();
    const { access } = await makeUserWithToken();
    expect((await startOf("GET", "/api/posts/")).start).toBe("first-unconstrained");
    expect((await startOf("GET", "/users/leaderboard/")).start).toBe("first-unconstrained");
    expect(
      (await startOf("GET", "/api/posts/", { headers: { Authorization: `Bearer ${access}` } })).start,
    ).toBe("first-primary");
    expect((await startOf("GET", "/api/posts/", { headers: { "X-D1-Bookmark": bookmark } })).start).toBe(
      bookmark,
    );
    expect(
      (await startOf("GET", "/api/posts/", { headers: { Cookie: `d1_bookmark=${bookmark}` } })).start,
    ).toBe(bookmark);
    expect(
      (
        await startOf("GET", "/api/posts/", {
          headers: { Authorization: `Bearer ${access}`, "X-D1-Bookmark": bookmark },
        })
      ).start,
    ).toBe(bookmark);
  });

  it("writes, logins and authenticated reads start at the primary, whatever bookmark comes with them", async () => {
    const bookmark = await realBookmark();
    const user = await makeUserWithToken();
    const headers = { "X-D1-Bookmark": bookmark, Authorization: `Bearer ${user.access}` };
    expect(
      (await startOf("POST", "/api/posts/", { headers, json: { post_title: "t", post_description: "" } }))
        .start,
    ).toBe("first-primary");
    expect((await startOf("GET", "/user/api/profile/", { headers })).start).toBe("first-primary");
    expect(
      (
        await startOf("POST", "/users/login/", {
          headers: { "X-D1-Bookmark": bookmark },
          json: { username: user.username, password: user.password },
        })
      ).start,
    ).toBe("first-primary");
    expect(
      (
        await startOf("POST", "/api/token/refresh", {
          headers: { "X-D1-Bookmark": bookmark },
          json: { refresh: user.refresh },
        })
      ).start,
    ).toBe("first-primary");
  });

  it("a bookmark not in D1's shape is ignored, never passed to D1 or echoed", async () => {
    for (const garbage of [
      "garbage",
      "zzzzzzzz-00000000-00000000-00000000000000000000000000000000",
      "0".repeat(5000),
    ]) {
      const { start, res } = await startOf("GET", "/api/posts/", { headers: { "X-D1-Bookmark": garbage } });
      expect(start).toBe("first-unconstrained");
      expect(res.status).toBe(200);
      expect(res.headers.get("X-D1-Bookmark")).toMatch(BOOKMARK);
    }
  });

  it("a forged bookmark in D1's shape (oldest possible, or far ahead of the database) still answers 200", async () => {
    for (const forged of [
      `ffffffff-ffffffff-ffffffff-${"f".repeat(32)}`,
      `00000000-00000000-00000000-${"0".repeat(32)}`,
    ]) {
      const { start, res } = await startOf("GET", "/api/posts/", { headers: { "X-D1-Bookmark": forged } });
      // Passed on: a bookmark is only "read at least this recent", so the forger only constrains their own read.
      expect(start).toBe(forged);
      expect(res.status).toBe(200);
      // The same page as with no bookmark at all.
      expect(res.body).toEqual((await new UntypedClient().request("GET", "/api/posts/")).body);
      expect(res.headers.get("X-D1-Bookmark")).toMatch(BOOKMARK);
    }
  });

  it("a route may not declare a replica start with a credential or a body", () => {
    const route = declareRoutes({ tag: "t", unsupportedMediaType: z.object({}) });
    expect(() =>
      route({ summary: "mine", auth: true, d1Session: "first-unconstrained", responses: {} }),
    ).toThrow(/only a public read/);
    expect(() =>
      route({ summary: "body", json: z.object({}), d1Session: "first-unconstrained", responses: {} }),
    ).toThrow(/only a public read/);
  });
});

describe("/openapi.json", () => {
  it("documents the bookmark on every operation, sent and answered", async () => {
    const spec = (await new Client().raw.get("/openapi.json")).body;
    expect(spec.components.parameters.D1Bookmark).toMatchObject({
      name: "X-D1-Bookmark",
      in: "header",
      required: false,
    });
    let operations = 0;
    for (const [path, item] of Object.entries<
      Record<string, { parameters?: { $ref?: string }[]; responses: Record<string, { headers?: object }> }>
    >(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        operations += 1;
        expect(op.parameters, `${method} ${path}`).toContainEqual({
          $ref: "#/components/parameters/D1Bookmark",
        });
        for (const [status, r] of Object.entries(op.responses))
          expect(r.headers?.["X-D1-Bookmark" as keyof object], `${method} ${path} ${status}`).toEqual({
            $ref: "#/components/headers/D1Bookmark",
          });
      }
    }
    expect(operations).toBeGreaterThan(100);
  });
});

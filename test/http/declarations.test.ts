import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { declarationOf } from "../../src/http/openapi";
import { Client } from "../helpers/client";

/**
 * Routes that are not operations of any client API, and so are not in /openapi.json:
 * the document and its page themselves, the media files, the health probe, the development
 * outbox (a 404 outside development), and DRF's "method not allowed" answer on /user/login/.
 * `ALL` entries are middleware and catch-all 404s, never operations.
 */
const UNDOCUMENTED = new Set([
  "GET /openapi.json",
  "GET /docs",
  "GET /docs/init.js",
  "GET /media/:key{.+}",
  "HEAD /media/:key{.+}",
  "GET /healthz",
  "GET /_dev/outbox",
  "GET /user/login/",
]);

/** Answers that have no body by definition. */
const BODYLESS = new Set(["101", "204", "302"]);

describe("route declarations", () => {
  it("every route in app.routes is declared, except the documented exemptions", () => {
    const declared = new Set<string>();
    const all = new Set<string>();
    for (const r of app.routes) {
      if (r.method === "ALL") continue;
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
      paths: Record<string, Record<string, { responses: Record<string, { content?: { "application/json"?: { schema?: object } } }> }>>;
    };
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = response.content?.["application/json"]?.schema;
          if (BODYLESS.has(status) ? schema : !schema) missing.push(`${method.toUpperCase()} ${path} ${status}`);
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

// Issue 25 item 2: /openapi.json explains itself. Walks every operation of the served document.
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";

type Json = Record<string, any>;
interface Op {
  tags: string[];
  security?: unknown;
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
}

const APIS = ["game", "cocotree", "twimbol", "mediacms", "admin", "accounts"];
const EVERY_ANSWER_HEADERS = [
  "X-Request-Id",
  "X-Rate-Limit-Limit",
  "X-Rate-Limit-Remaining",
  "X-Rate-Limit-Reset",
  "X-D1-Bookmark",
];
/** Path segments that name something by text, not by number. */
const TEXT_SEGMENTS = new Set(["username", "friendly_token", "upload_id", "getAfter"]);
const NUMERIC_QUERY = new Set(["page_size", "count", "since", "before_id", "sender_id", "limit", "offset"]);

async function served(path = "/openapi.json") {
  const res = await new Client().get(path);
  expect(res.status).toBe(200);
  return res.body as Json;
}

function operations(spec: Json) {
  return Object.entries(spec.paths as Record<string, Record<string, Op>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op })),
  );
}

const resolve = (spec: Json, node: Json): Json =>
  node.$ref
    ? node.$ref
        .split("/")
        .slice(1)
        .reduce((n: Json, k: string) => n[k], spec)
    : node;

/** Every schema object anywhere in the document, with where it is. */
function* schemas(node: unknown, at: string): Generator<[string, Json]> {
  if (Array.isArray(node)) for (const [i, n] of node.entries()) yield* schemas(n, `${at}/${i}`);
  else if (node && typeof node === "object") {
    const s = node as Json;
    if ("type" in s || "examples" in s) yield [at, s];
    for (const [k, v] of Object.entries(s)) yield* schemas(v, `${at}/${k}`);
  }
}

describe("/openapi.json explains itself", () => {
  it("says what the service is, where it runs, and gives one described tag per API", async () => {
    const spec = await served();
    expect(spec.info.description).toMatch(/^One Cloudflare Worker serving four client APIs/);
    expect(spec.info.description).not.toContain("Development documentation");
    expect(spec.servers).toEqual([
      { url: "/", description: "This Worker (the origin serving this document)" },
    ]);
    expect(spec.tags.map((t: Json) => t.name)).toEqual(APIS);
    for (const tag of spec.tags) {
      expect(tag.description, tag.name).toContain("Authorization: Bearer");
      expect(tag.description, tag.name).toMatch(
        /Seed document: `seeds\/00\d_[0-9a-f]{16}\.txt`|No seed document/,
      );
    }
    expect(spec.tags.find((t: Json) => t.name === "cocotree").description).toContain(
      '`{"code": n, "error": "…"}`',
    );
    const ops = operations(spec);
    expect(new Set(ops.flatMap((o) => o.op.tags))).toEqual(new Set(APIS));
    // The 2FA and email-verification routes serve every API: their own tag, not MediaCMS's.
    const twoFactor = ops.filter((o) => o.path.startsWith("/accounts/2fa/"));
    expect(twoFactor.length).toBe(7);
    for (const o of twoFactor) expect(o.op.tags, o.key).toEqual(["accounts"]);
    const emailVerification = ops.filter((o) => o.path.startsWith("/accounts/email/"));
    expect(emailVerification.length).toBe(2);
    for (const o of emailVerification) expect(o.op.tags, o.key).toEqual(["accounts"]);
  });

  it("every operation documents 405, 413 and 429 (401 where a credential is required) in its API's envelope, with their headers", async () => {
    const spec = await served();
    const ops = operations(spec);
    expect(ops.length).toBe(134);
    const missing: string[] = [];
    for (const { key, op } of ops) {
      const statuses = ["405", "413", "429", ...(op.security ? ["401"] : [])];
      for (const status of statuses)
        if (!op.responses[status]?.content?.["application/json"]?.schema) missing.push(`${key} ${status}`);
      if (!op.responses["405"]?.headers?.Allow) missing.push(`${key} 405 Allow`);
      if (!op.responses["429"]?.headers?.["Retry-After"]) missing.push(`${key} 429 Retry-After`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (status === "101") continue;
        for (const h of EVERY_ANSWER_HEADERS)
          if (!response.headers?.[h]) missing.push(`${key} ${status} ${h}`);
      }
    }
    expect(missing).toEqual([]);
    // The examples are what each envelope answers.
    const example = (path: string, method: string, status: string) =>
      spec.paths[path][method].responses[status].content["application/json"].example;
    expect(example("/chat/chatlist/", "get", "405")).toEqual({
      code: 2,
      error: "HTTP method 'PUT' is not allowed on this endpoint.",
    });
    expect(example("/users/leaderboard/", "get", "405")).toEqual({ errors: 'Method "PUT" not allowed.' });
    expect(example("/api/posts/", "get", "429")).toEqual({
      detail: "Request was throttled. Expected available in 42 seconds.",
    });
    expect(example("/api/v1/users", "get", "413")).toMatchObject({ detail: expect.any(String) });
    expect(spec.paths["/users/leaderboard/"].get.responses["200"].headers.Link).toEqual({
      $ref: "#/components/headers/Link",
    });
    expect(spec.components.headers["X-Rate-Limit-Reset"].description).toContain("Unix epoch seconds");
    expect(Object.keys(spec.components.headers)).toEqual(
      expect.arrayContaining(["X-D1-Rows-Read", "Retry-After", "Link", "Allow"]),
    );
  });

  it("the documented 405 and 429 examples are what the Worker answers", async () => {
    const spec = await served();
    const res = await new Client().request("PUT", "/chat/chatlist/");
    expect(res.status).toBe(405);
    expect(res.body).toEqual(
      spec.paths["/chat/chatlist/"].get.responses["405"].content["application/json"].example,
    );
  });

  it("numeric path and query parameters are integers with their patterns; text ones stay strings", async () => {
    const spec = await served();
    const wrong: string[] = [];
    let integers = 0;
    for (const { key, op } of operations(spec)) {
      for (const p of (op.parameters ?? []).map((x) => resolve(spec, x))) {
        const numeric =
          p.in === "path" ? !TEXT_SEGMENTS.has(p.name) : p.in === "query" && NUMERIC_QUERY.has(p.name);
        if (!numeric) continue;
        if (p.schema.type !== "integer") wrong.push(`${key} ${p.in} ${p.name}: ${JSON.stringify(p.schema)}`);
        else integers++;
        if (p.in === "path" && !p.schema.pattern) wrong.push(`${key} ${p.name}: no pattern`);
      }
    }
    expect(wrong).toEqual([]);
    expect(integers).toBe(80);
    const posts = spec.paths["/api/posts/{post_id}/"].get.parameters.find((p: Json) => p.name === "post_id");
    expect(posts.schema).toEqual({ type: "integer", minimum: 0, pattern: "^[0-9]+$", examples: [1] });
    const chat = spec.paths["/chat/get_chat_info/{chatId}/"].get.parameters.find(
      (p: Json) => p.name === "chatId",
    );
    expect(chat.schema).toEqual({
      type: "integer",
      minimum: 0,
      maximum: 999999999999999,
      pattern: "^[0-9]{1,15}$",
      examples: [1],
    });
  });

  it("examples are real: no ±2^53, and every example of a number lies within its bounds", async () => {
    const spec = await served();
    expect(JSON.stringify(spec)).not.toContain("9007199254740991");
    const outside: string[] = [];
    let numbers = 0;
    for (const [at, s] of schemas(spec, "")) {
      const types = [s.type].flat();
      if (!types.includes("integer") && !types.includes("number")) continue;
      numbers++;
      if (s.const === undefined && s.enum === undefined && !Array.isArray(s.examples))
        outside.push(`${at}: no example`);
      for (const ex of s.examples ?? []) {
        if (types.includes("integer") && !Number.isInteger(ex)) outside.push(`${at}: ${ex} is no integer`);
        if ((s.minimum !== undefined && ex < s.minimum) || (s.maximum !== undefined && ex > s.maximum))
          outside.push(`${at}: ${ex}`);
        if (
          (s.exclusiveMinimum !== undefined && ex <= s.exclusiveMinimum) ||
          (s.exclusiveMaximum !== undefined && ex >= s.exclusiveMaximum)
        )
          outside.push(`${at}: ${ex}`);
      }
    }
    expect(outside).toEqual([]);
    expect(numbers).toBeGreaterThan(200);
  });

  it("every file field is `format: binary` with its size limit", async () => {
    const spec = await served();
    const files = [...schemas(spec.paths, "")].filter(([, s]) => s.format === "binary");
    expect(files.length).toBe(29);
    expect(files.filter(([, s]) => !/\d+ ?(MB|MiB)/.test(s.description ?? "")).map(([at]) => at)).toEqual([]);
  });

  it("?api=<tag> is the document of one API; an unknown one is a 404", async () => {
    const cocotree = await served("/openapi.json?api=cocotree");
    expect(cocotree.info.title).toBe("Edge social API: cocotree");
    expect(cocotree.tags.map((t: Json) => t.name)).toEqual(["cocotree"]);
    const ops = operations(cocotree);
    expect(ops.length).toBe(39);
    for (const o of ops) expect(o.op.tags, o.key).toEqual(["cocotree"]);
    const res = await new Client().get("/openapi.json?api=nope");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not found." });
  });
});

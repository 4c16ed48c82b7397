// Issue 19, "Done when": every operation /openapi.json lists, sent hostile input in its path,
// query and body (long, multibyte, NUL, lone surrogates, huge and wrong numbers, deep JSON,
// duplicate parameters and keys, wrong types), answers no 5xx. Driven by the document, so a new
// route or field is swept without a change here. The counts go to the test's output.
import { describe, expect, it } from "vitest";
import { UntypedClient as Client, type RawReply } from "../helpers/client";
import { makePost, makeUser, makeUserWithToken } from "../helpers/factories";
import { PanelClient } from "../helpers/panel";

interface Operation {
  method: string;
  path: string;
  tag: string;
  auth: boolean;
  query: string[];
  /** Body media types and the properties their schema names. */
  body: { types: string[]; props: string[] } | null;
}

interface Spec {
  paths: Record<
    string,
    Record<
      string,
      {
        tags: string[];
        security?: unknown;
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
      }
    >
  >;
}

async function operations(tag: string): Promise<Operation[]> {
  const spec = (await new Client().get("/openapi.json")).body as Spec;
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.tags[0] === tag)
      .map(([method, op]) => {
        const content = op.requestBody?.content ?? {};
        const types = Object.keys(content);
        return {
          method: method.toUpperCase(),
          path,
          tag,
          auth: Boolean(op.security),
          query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
          body: types.length
            ? { types, props: Object.keys(content[types[0]!]!.schema.properties ?? {}) }
            : null,
        };
      }),
  );
}

const DEPTH = 10_000;
const deepArray = "[".repeat(DEPTH) + "]".repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH);

/** Text as it goes into a URL: already percent-encoded, some of it on purpose not valid. */
const URL_VALUES: Record<string, string> = {
  long: "a".repeat(5000),
  multibyte: encodeURIComponent("é".repeat(1000)),
  nul: "a%00b",
  controls: "%01%0B%1B%7F%C2%85%E2%80%A8",
  bidi: "%E2%80%AEabc",
  badUtf8: "%E9%ff%C0%AF",
  badPercent: "%ZZ%",
  wildcards: encodeURIComponent("%_".repeat(60)),
  zero: "0",
  negative: "-1",
  fraction: "1.5",
  huge: "1e308",
  int64: "9223372036854775808",
  blank: "",
  json: encodeURIComponent('{"$ne":null}'),
};

/** JSON values for one body field; written out as text so 2^63 stays an integer literal. */
const JSON_VALUES: Record<string, string> = {
  long: JSON.stringify("a".repeat(20_000)),
  multibyte: JSON.stringify("é".repeat(5000)),
  nul: JSON.stringify("a\u0000b"),
  surrogate: '"a\\ud800b"',
  controls: JSON.stringify("a\u000b\u001b\u007f\u0085\u2028b"),
  bidi: JSON.stringify("\u202eabc"),
  huge: "1e308",
  int64: "9223372036854775808",
  negative: "-1",
  fraction: "1.5",
  true: "true",
  null: "null",
  array: '["a",1]',
  object: '{"a":1}',
  deepArray,
};

/** Sent to one field at a time; every kind also goes to all the fields at once. */
const PER_FIELD = ["long", "nul", "surrogate", "controls", "int64", "fraction", "object", "deepArray"];

interface Case {
  name: string;
  path: string;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** `id` fills the parameters not under attack: the caller's own, so an ownership check lets the request through to validation. */
const concrete = (path: string, id: string, value = id, only?: string) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => (only === undefined || only === name ? value : id));

function casesOf(op: Operation, id: string): Case[] {
  const cases: Case[] = [];
  const base = concrete(op.path, id);
  // Path: each parameter in turn, the others a plain id.
  for (const name of op.path.match(/\{([^}]+)\}/g)?.map((p) => p.slice(1, -1)) ?? [])
    for (const [kind, value] of Object.entries(URL_VALUES))
      if (value) cases.push({ name: `path ${name}=${kind}`, path: concrete(op.path, id, value, name) });
  // Query: every declared parameter, then the paging words every list reads, twice over.
  for (const name of op.method === "GET" ? [...op.query, "page", "page_size"] : op.query) {
    for (const [kind, value] of Object.entries(URL_VALUES))
      cases.push({ name: `query ${name}=${kind}`, path: `${base}?${name}=${value}` });
    cases.push({ name: `query ${name} twice`, path: `${base}?${name}=1&${name}=${URL_VALUES.long}` });
    cases.push({ name: `query ${name}[]`, path: `${base}?${name}[]=1&${name}[x]=2` });
  }
  if (!op.body) {
    if (op.method !== "GET")
      cases.push({
        name: "unexpected JSON body",
        path: base,
        body: deepArray,
        headers: { "Content-Type": "application/json" },
      });
    return cases;
  }
  const json = { "Content-Type": "application/json" };
  // Body: each field in turn, as JSON, urlencoded and multipart where the route takes them.
  for (const prop of op.body.props) {
    for (const kind of PER_FIELD)
      cases.push({
        name: `json ${prop}=${kind}`,
        path: base,
        body: `{${JSON.stringify(prop)}:${JSON_VALUES[kind]}}`,
        headers: json,
      });
    if (op.body.types.includes("application/x-www-form-urlencoded"))
      for (const kind of ["nul", "badPercent"])
        cases.push({
          name: `form ${prop}=${kind}`,
          path: base,
          body: `${prop}=${URL_VALUES[kind]}&${prop}=2`,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        });
    if (op.body.types.includes("multipart/form-data")) {
      const form = new FormData();
      form.append(prop, "a\u0000b");
      form.append(prop, "é".repeat(5000));
      cases.push({ name: `multipart ${prop} text`, path: base, body: form });
      const file = new FormData();
      file.append(
        prop,
        new File([new Uint8Array([0, 1, 2, 0xff])], `${"\u202e".repeat(3)}${"a".repeat(2000)}\u0000.png`),
      );
      cases.push({ name: `multipart ${prop} file`, path: base, body: file });
    }
  }
  const all = (value: string) => `{${op.body!.props.map((p) => `${JSON.stringify(p)}:${value}`).join(",")}}`;
  for (const [kind, value] of Object.entries(JSON_VALUES))
    cases.push({ name: `json every field=${kind}`, path: base, body: all(value), headers: json });
  cases.push(
    {
      name: "json duplicate keys",
      path: base,
      body: all('"a"').replace(/^\{/, `{${op.body.props.map((p) => `${JSON.stringify(p)}:1e308,`).join("")}`),
      headers: json,
    },
    { name: "json deep array", path: base, body: deepArray, headers: json },
    { name: "json deep object", path: base, body: deepObject, headers: json },
    { name: "json array", path: base, body: "[1,2]", headers: json },
    { name: "json string", path: base, body: '"x"', headers: json },
    { name: "json number", path: base, body: "1e308", headers: json },
    {
      name: "json bad UTF-8",
      path: base,
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      headers: json,
    },
    { name: "json with a BOM", path: base, body: `\ufeff${all('"a"')}`, headers: json },
  );
  return cases;
}

/** Sends every case of one operation as an admin (so no role check stops it before validation); a caller a case signed out is replaced. */
async function sweep(op: Operation, tally: Map<number, number>, failures: string[]) {
  let caller = await makeUserWithToken({ groups: ["admin", "creator"] });
  const cases = casesOf(op, String(caller.id));
  // One address with a limit no sweep reaches: the limiter's own answers are tested elsewhere, and a fresh address per request costs a KV write each.
  const client = new Client({}, { RATE_LIMIT_PER_MINUTE: "1000000" });
  const send = (c: Case): Promise<RawReply> =>
    client
      .withToken(caller.access)
      .request(op.method, c.path, { body: c.body, headers: { Cookie: "", ...c.headers } });
  for (let i = 0; i < cases.length; i += 8) {
    const batch = cases.slice(i, i + 8);
    const replies = await Promise.all(batch.map(send));
    for (const [j, res] of replies.entries()) {
      tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
      if (res.status >= 500)
        failures.push(
          `${op.method} ${op.path} [${batch[j]!.name}] → ${res.status} ${res.text.slice(0, 200)}`,
        );
    }
    if (op.auth && replies.some((r) => r.status === 401))
      caller = await makeUserWithToken({ groups: ["admin", "creator"] });
  }
  return cases.length;
}

describe("every operation of /openapi.json, sent hostile input", () => {
  it.each(["game", "cocotree", "twimbol", "mediacms", "admin", "accounts"])(
    "%s: never answers 5xx",
    async (tag) => {
      const ops = await operations(tag);
      expect(ops.length).toBeGreaterThan(5);
      const tally = new Map<number, number>();
      const failures: string[] = [];
      let requests = 0;
      for (const op of ops) requests += await sweep(op, tally, failures);
      const statuses = Object.fromEntries([...tally].sort(([a], [b]) => a - b));
      console.info(
        `hostile-input sweep ${tag}: ${ops.length} operations, ${requests} requests, statuses ${JSON.stringify(statuses)}`,
      );
      expect(failures).toEqual([]);
    },
    600_000,
  );
});

describe("a choice field sent deep JSON", () => {
  it("400 naming no value, where converting the list to text overflowed the stack (500)", async () => {
    const admin = await makeUserWithToken({ groups: ["admin"] });
    const post = await makePost(admin.id);
    const as = () => new Client().withToken(admin.access);
    const report = await as().request("POST", `/api/post_report/${post.id}/`, {
      body: `{"reason":${deepArray}}`,
      headers: { "Content-Type": "application/json" },
    });
    expect(report.status).toBe(400);
    expect(report.body).toEqual({ reason: ['"[…]" is not a valid choice.'] });
    const groups = await as().request("PATCH", `/api/admin/users/${admin.id}/`, {
      body: `{"groups":${deepArray}}`,
      headers: { "Content-Type": "application/json" },
    });
    expect(groups.status).toBe(400);
    expect(groups.body).toEqual({ "groups.0": ['"[…]" is not a valid choice.'] });
    const scalar = await as().request("POST", `/api/post_report/${post.id}/`, { json: { reason: "nope" } });
    expect(scalar.body).toEqual({ reason: ['"nope" is not a valid choice.'] });
  });
});

describe("the admin panel's lists (HTML, not in /openapi.json)", () => {
  it("?q=, ?page=, ?state=, ?group=, ?kind= with hostile text answer pages or 404s, never 5xx; % and _ are literal", async () => {
    const admin = await makeUser({ groups: ["visitor", "admin"] });
    // As in the sweep: a limit these 300 requests do not reach.
    const panel = new PanelClient({}, { RATE_LIMIT_PER_MINUTE: "1000000" });
    expect((await panel.signIn(admin.username, admin.password)).status).toBe(303);
    const statuses = new Map<number, number>();
    for (const path of ["/admin/users/", "/admin/content/", "/admin/reports/", "/admin/audit/"]) {
      for (const name of ["q", "page", "state", "group", "kind"]) {
        for (const [kind, value] of Object.entries(URL_VALUES)) {
          const res = await panel.get(`${path}?${name}=${value}&${name}=${value}`);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, `${path} ${name}=${kind}`).toBeLessThan(500);
        }
      }
    }
    console.info(
      `hostile-input sweep panel: ${[...statuses.values()].reduce((a, b) => a + b)} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    const target = await makeUser();
    expect((await panel.get(`/admin/users/?q=${target.username}`)).text).toContain(target.username);
    const wild = await panel.get(`/admin/users/?q=${encodeURIComponent("%_")}`);
    expect(wild.status).toBe(200);
    expect(wild.text).not.toContain(target.username);
  }, 120_000);
});

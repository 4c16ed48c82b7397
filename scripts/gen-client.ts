// `npm run gen:client [-- --out FILE]`: TypeScript types for /openapi.json, for openapi-fetch.
// The spec is the one the Worker serves, asked of the app itself in Node: that route reads no
// binding, so no wrangler, no network and no local state are needed. CI regenerates into a temp
// file and diffs it against the committed src/client/api-types.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import ts from "typescript";
import { app } from "../src/app";

const DEFAULT_OUT = "src/client/api-types.ts";

const outArg = process.argv.indexOf("--out");
const out = resolve(outArg > 0 ? process.argv[outArg + 1]! : DEFAULT_OUT);

// The spec does not depend on the key, but the app serves nothing without one: a throwaway random one.
// Every request opens a D1 session (src/deps.ts); this one sends no statement through it.
const unusedSession = {
  prepare: () => {
    throw new Error("no database here");
  },
  getBookmark: () => null,
};
const DB = { withSession: () => unusedSession } as unknown as D1Database;
const env = { ENVIRONMENT: "development", JWT_SECRET: crypto.randomUUID() + crypto.randomUUID(), DB } as Env;
// The middleware defers only rate-limit writes to a KV this run has not got.
const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;
// The request log writes to stdout; the generator's output is the file alone.
console.log = () => {};
const res = await app.fetch(
  new Request("http://localhost/openapi.json", { headers: { "CF-Connecting-IP": "127.0.0.1" } }),
  env,
  ctx,
);
if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}: ${await res.text()}`);
const spec = await res.json();

// A file field (`format: binary`, a route's `upload()`) is a Blob for the client, so an upload needs no cast.
const BLOB = ts.factory.createTypeReferenceNode("Blob");
const ast = await openapiTS(spec as Parameters<typeof openapiTS>[0], {
  transform: (schema) => ("format" in schema && schema.format === "binary" ? BLOB : undefined),
});
const header = `${COMMENT_HEADER}// Generated from GET /openapi.json by \`npm run gen:client\`; CI fails when it is stale.\n\n`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, header + astToString(ast));

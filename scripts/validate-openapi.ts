// `npm run validate:openapi`: GET /openapi.json, as the Worker serves it, must be a valid OpenAPI
// 3.1 document by the specification's own JSON Schema (@seriousme/openapi-schema-validator, Ajv;
// Ajv compiles with `new Function`, which workerd refuses, hence Node). The spec is asked of the
// app itself, as scripts/gen-client.ts does. A deliberately broken copy must fail, so a
// validator that passes everything fails this script too.
import { Validator } from "@seriousme/openapi-schema-validator";
import { app } from "../src/app";

// Every request opens a D1 session (src/deps.ts); this one sends no statement through it.
const unusedSession = {
  prepare: () => {
    throw new Error("no database here");
  },
  getBookmark: () => null,
};
const DB = { withSession: () => unusedSession } as unknown as D1Database;
const env = { ENVIRONMENT: "development", JWT_SECRET: crypto.randomUUID() + crypto.randomUUID(), DB } as Env;
const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext;
const log = console.log;
console.log = () => {};
const res = await app.fetch(
  new Request("http://localhost/openapi.json", { headers: { "CF-Connecting-IP": "127.0.0.1" } }),
  env,
  ctx,
);
if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
const spec = (await res.json()) as {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};

async function validate(doc: unknown) {
  const validator = new Validator();
  const result = await validator.validate(doc as never);
  return { ...result, version: validator.version };
}

const served = await validate(spec);
// A response without its required description is invalid OpenAPI.
const broken = structuredClone(spec);
const [firstPath] = Object.keys(broken.paths);
const [firstMethod] = Object.keys(broken.paths[firstPath!]!);
broken.paths[firstPath!]![firstMethod!]!.responses["200"] = { content: {} };
const refused = await validate(broken);

console.log = log;
if (!served.valid || served.version !== "3.1") {
  console.error(
    `/openapi.json is not valid OpenAPI 3.1 (version ${served.version}):`,
    JSON.stringify(served.errors, null, 2),
  );
  process.exit(1);
}
if (refused.valid) {
  console.error("the validator accepted a deliberately broken document: it checks nothing");
  process.exit(1);
}
console.log(
  `/openapi.json: valid OpenAPI ${served.version} (${Object.keys(spec.paths).length} paths); a broken copy is refused`,
);

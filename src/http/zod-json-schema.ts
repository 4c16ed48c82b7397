// Bundled in place of `zod/v4/core` (wrangler.toml `alias`): hono-openapi's JSON Schema step
// imports that module dynamically for `toJSONSchema` alone, and a dynamic import keeps every
// zod locale in the bundle. This module hands it the same function instead. It imports nothing:
// a dynamically imported module is bundled lazily with all it imports, which would keep the
// rest of zod too; openapi.ts puts zod's toJSONSchema here before any document is built.
import type * as z from "zod";

export let toJSONSchema: typeof z.toJSONSchema;

export function provideToJSONSchema(fn: typeof z.toJSONSchema) {
  toJSONSchema = fn;
}

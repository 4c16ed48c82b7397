#!/usr/bin/env node
// Copies Scalar's standalone bundle into the Workers static assets folder, so /docs loads
// its script from this Worker (offline, under `script-src 'self'`) rather than from a CDN.
// wrangler.toml runs it as the custom build of `wrangler dev` and `wrangler deploy`.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(import.meta.resolve("@scalar/api-reference/browser/standalone.js"));
const target = fileURLToPath(new URL("../public/docs/scalar.js", import.meta.url));
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);

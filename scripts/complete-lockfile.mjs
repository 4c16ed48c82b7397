#!/usr/bin/env node
// The npm registry mirror this project's machines use does not serve workerd's macOS and
// Windows builds, so npm leaves them out of package-lock.json and `npm ci` then calls the
// lock out of sync. This adds the missing entries (os/cpu-tagged optionals that npm skips
// on Linux) for every workerd in the lock. Run it after upgrading wrangler or workerd:
//   node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const PLATFORMS = {
  "darwin-64": { os: ["darwin"], cpu: ["x64"] },
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "linux-64": { os: ["linux"], cpu: ["x64"] },
  "linux-arm64": { os: ["linux"], cpu: ["arm64"] },
  "windows-64": { os: ["win32"], cpu: ["x64"] },
};

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  if (!key.endsWith("node_modules/workerd")) continue;
  const prefix = key.slice(0, -"workerd".length);
  for (const [platform, target] of Object.entries(PLATFORMS)) {
    const name = `${prefix}@cloudflare/workerd-${platform}`;
    if (packages[name]) continue;
    packages[name] = {
      version: entry.version,
      ...target,
      dev: entry.dev,
      license: "Apache-2.0",
      optional: true,
      engines: { node: ">=16" },
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);

#!/usr/bin/env node
// First-login CPU of imported Django hashes on workerd: each fixture vector is verified by the
// Worker's verifier (src/infra/django-password-hash.ts) in a bare Worker, and the workerd
// process's CPU is read from /proc around each request. Usage: node bench/django-hash.mjs [runs]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workerdCpuSeconds } from "./proc-cpu.mjs";
import { startWorker } from "./server.mjs";

const runs = Number(process.argv[2] ?? 3);
const fixtures = ["node", "django"].flatMap(
  (f) =>
    JSON.parse(readFileSync(new URL(`../test/fixtures/django-hashes/${f}.json`, import.meta.url), "utf8"))
      .vectors,
);
const dir = mkdtempSync(join(tmpdir(), "django-hash-bench-"));
const bundle = join(dir, "worker.js");
execFileSync(
  "npx",
  [
    "esbuild",
    "bench/django-hash-worker.ts",
    "--bundle",
    "--format=esm",
    "--platform=neutral",
    "--external:node:*",
    "--alias:crypto=node:crypto",
    `--outfile=${bundle}`,
  ],
  { stdio: "inherit" },
);
const server = await startWorker(bundle);
try {
  console.log("| hash | ok | workerd CPU ms (median of " + runs + ") |\n|---|---|---|");
  for (const { label, password, django } of fixtures) {
    const samples = [];
    let ok;
    for (let i = 0; i < runs; i++) {
      const before = workerdCpuSeconds();
      const res = await fetch(server.url, { method: "POST", body: JSON.stringify({ password, django }) });
      ok = (await res.json()).ok;
      samples.push((workerdCpuSeconds() - before) * 1000);
    }
    console.log(`| ${label} | ${ok} | ${Math.round(samples.sort((a, b) => a - b)[Math.floor(runs / 2)])} |`);
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

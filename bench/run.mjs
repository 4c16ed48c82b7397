// npm run bench [-- --concurrency 16 --duration 5 --warmup 1 --users 10000 --only login,profile
//                   --ws-samples 40 --base-url http://127.0.0.1:8787]
// Builds the deployable bundle, runs it on workerd (Miniflare) with a seeded D1, drives every
// route of routes.mjs, and prints a markdown table (also written to bench/.out/latest.md).
// `--users 10000,1000000` runs the whole bench once per size, each on a fresh database, and adds
// a table of every route at every size side by side.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Skip, createContext } from "./context.mjs";
import { bounded } from "./flags.mjs";
import { drive } from "./load.mjs";
import { hashCpuMs } from "./password.mjs";
import { workerdCpuSeconds } from "./proc-cpu.mjs";
import { bundleSize, comparison, markdown } from "./report.mjs";
import { ROUTES, buildRequest } from "./routes.mjs";
import { seedFile } from "./seed-file.mjs";
import { ROOT, buildBundle, startService, startWorker } from "./server.mjs";

const OUT = join(ROOT, "bench/.out");
const env = process.env;
const { values: flags } = parseArgs({
  options: {
    "base-url": { type: "string", default: env.BENCH_BASE_URL },
    concurrency: { type: "string", default: env.BENCH_CONCURRENCY ?? "16" },
    duration: { type: "string", default: env.BENCH_DURATION ?? "5" },
    warmup: { type: "string", default: env.BENCH_WARMUP ?? "1" },
    users: { type: "string", default: env.BENCH_USERS ?? "10000" },
    "ws-samples": { type: "string", default: env.BENCH_WS_SAMPLES ?? "40" },
    only: { type: "string", default: env.BENCH_ONLY },
  },
});
const options = {
  baseUrl: flags["base-url"]?.replace(/\/$/, ""),
  concurrency: Math.floor(bounded(flags.concurrency, 1, 256, "concurrency")),
  duration: bounded(flags.duration, 0.5, 60, "duration"),
  warmup: bounded(flags.warmup, 0, 10, "warmup"),
  sizes: flags.users
    .split(",")
    .map((n) => Math.floor(bounded(n.trim().replace(/_/g, ""), 1000, 1_000_000, "users"))),
  samples: Math.floor(bounded(flags["ws-samples"], 1, 1000, "ws-samples")),
  only: flags.only?.split(",").map((s) => s.trim().toLowerCase()),
};
if (options.baseUrl && options.sizes.length > 1)
  throw new Error("--base-url runs against one pre-seeded server: give one --users");
if (options.baseUrl && !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(options.baseUrl)) {
  throw new Error("--base-url must point at this machine (http://127.0.0.1:<port>)");
}

// Ctrl-C while no workerd runs (say, against --base-url) stops the load and still prints the
// table; while one runs, Miniflare exits at once and server.mjs's exit hook cleans up.
const stopping = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => stopping.abort());
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const runStarted = performance.now();

await main();

async function main() {
  mkdirSync(OUT, { recursive: true });
  log("building bundles (wrangler deploy --dry-run)");
  const appBundle = buildBundle(join(OUT, "bundle"));
  const ceilingBundle = buildBundle(join(OUT, "ceiling"), join(ROOT, "bench/ceiling.wrangler.toml"));
  const bundle = bundleSize(appBundle);
  log("timing one password hash at production cost");
  const hashMs = await hashCpuMs();

  log("ceiling: bare Hono Worker on workerd");
  const ceilingServer = await startWorker(ceilingBundle);
  let ceiling;
  try {
    ceiling = await load(ceilingServer.url, () => ({ method: "GET", path: "/" }), workerdCpuSeconds);
  } finally {
    await ceilingServer.stop();
  }

  const runs = [];
  for (const users of options.sizes) {
    if (stopping.signal.aborted) break;
    const run = await benchSize(appBundle, users);
    runs.push({ users, results: run.results });
    const table = markdown({ options: { ...options, users }, ...run, bundle, hashMs, ceiling });
    writeFileSync(join(OUT, options.sizes.length > 1 ? `latest-${users}.md` : "latest.md"), `${table}\n`);
    process.stdout.write(`\n${table}\n`);
  }
  if (runs.length > 1) {
    const table = `Every route at ${runs.map((r) => r.users.toLocaleString("en-US")).join(" and ")} users, same run (CPU growth: largest size over smallest)\n\n${comparison(runs)}`;
    writeFileSync(join(OUT, "latest.md"), `${table}\n`);
    process.stdout.write(`\n${table}\n`);
  }
  log(`finished in ${((performance.now() - runStarted) / 1000).toFixed(0)} s`);
}

/** The whole route list against a fresh service seeded with `users` users (or the --base-url server). */
async function benchSize(appBundle, users) {
  let service;
  try {
    let seedLines = [`pre-seeded by the server at ${options.baseUrl}`];
    if (!options.baseUrl) {
      log(`starting the service on workerd and seeding D1 with ${users} users`);
      const started = performance.now();
      service = await startService(appBundle, { prepare: (file) => seedFile(file, { users }) });
      seedLines = [
        ...service.prepared,
        `seeding and restart took ${((performance.now() - started) / 1000).toFixed(0)} s`,
      ];
      seedLines.forEach((l) => log(`  seeded ${l}`));
    }
    const baseUrl = options.baseUrl ?? service.url;
    const ctx = await createContext({ baseUrl, users, seeded: !options.baseUrl });
    const results = [];
    for (const route of ROUTES.filter(selected)) {
      if (stopping.signal.aborted) break;
      log(`route: ${route.name} (${users} users)`);
      const crashesBefore = service?.crashes() ?? 0;
      const result = { ...route, ...(await benchRoute(route, ctx)) };
      const crashed = (service?.crashes() ?? 0) - crashesBefore;
      if (crashed)
        result.note = [result.note, `workerd crashed ${crashed}× and was restarted`]
          .filter(Boolean)
          .join("; ");
      results.push(result);
    }
    const runtime = options.baseUrl
      ? `the server at ${options.baseUrl}; ceiling on workerd via Miniflare`
      : "workerd via Miniflare (bundle from wrangler deploy --dry-run), local D1/KV/R2/Durable Object persisted to a temp dir";
    return { runtime, seedLines, results };
  } finally {
    await service?.stop();
  }
}

function selected(route) {
  return !options.only || options.only.some((word) => route.name.toLowerCase().includes(word));
}

/** Set up, probe once, then warm up and measure; a 404 anywhere means "not served yet". */
async function benchRoute(route, ctx) {
  try {
    const state = route.setup ? await route.setup(ctx) : ctx;
    if (route.measure) return await route.measure(ctx, { samples: options.samples, signal: stopping.signal });
    let i = 0;
    const probe = buildRequest(route, state, i++);
    const res = await ctx.call(probe.method, probe.path, { json: probe.body, headers: probe.headers });
    if (res.status === 404) return { skipped: "404" };
    if (res.status < 200 || res.status >= 300)
      return { failed: `probe answered ${res.status} ${res.text.slice(0, 120)}` };
    // Against --base-url the server is not our child, so its CPU is not ours to read.
    return await load(
      ctx.baseUrl,
      () => buildRequest(route, state, i++),
      options.baseUrl ? undefined : workerdCpuSeconds,
    );
  } catch (err) {
    if (err instanceof Skip) return { skipped: err.message };
    log(`  ${route.name} failed: ${err.stack ?? err}`);
    return { failed: String(err.message ?? err).slice(0, 160) };
  }
}

async function load(baseUrl, next, cpuSeconds) {
  const base = { baseUrl, concurrency: options.concurrency, next, signal: stopping.signal, cpuSeconds };
  if (options.warmup) await drive({ ...base, seconds: options.warmup });
  const result = await drive({ ...base, seconds: options.duration });
  log(
    `  ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors`,
  );
  return result;
}

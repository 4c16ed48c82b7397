// Builds Workers exactly as `wrangler deploy` would and runs them on workerd through
// Miniflare's API: the same runtime as production, without `wrangler dev`'s proxy in the way.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { Log, LogLevel, Miniflare } from "miniflare";

export const ROOT = resolve(import.meta.dirname, "..");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** `wrangler deploy --dry-run --outdir <dir>`; returns the path of the bundled entry module. */
export function buildBundle(outdir, configPath = join(ROOT, "wrangler.toml")) {
  rmSync(outdir, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [WRANGLER, "deploy", "--dry-run", "--outdir", outdir, "--config", configPath],
    {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const entry = readdirSync(outdir).find((f) => f.endsWith(".js"));
  if (!entry) throw new Error(`wrangler wrote no .js bundle into ${outdir}`);
  return join(outdir, entry);
}

/** The service's compatibility settings, so the ceiling runs under exactly the same ones. */
export function compatibility() {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1];
  return { date, flags: flags ? [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [] };
}

const text = (value) => ({ type: "text", value: String(value) });

// Miniflare answers Ctrl-C by killing workerd and calling process.exit() at once, before any
// `finally` of ours runs; this exit hook still removes the temp dirs of that interrupted run.
const liveDirs = new Set();
process.on("exit", () => liveDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * Starts one Worker on workerd with its storage persisted under a fresh temp dir.
 * `vars` become text bindings; `bindings` are Miniflare v5 binding designators.
 * Returns { url, mf, dir, stop, release, crashes } — stop() disposes workerd and deletes the
 * temp dir (or `dir`); crashes() counts workerd restarts after a crash.
 */
export async function startWorker(
  bundlePath,
  { vars = {}, bindings = {}, exports = {}, dir = mkdtempSync(join(tmpdir(), "edge-bench-")) } = {},
) {
  liveDirs.add(dir);
  let mf;
  let crashes = 0;
  const stop = async () => {
    try {
      await mf?.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    }
  };
  const compat = compatibility();
  try {
    mf = new Miniflare({
      host: "127.0.0.1",
      port: 0,
      // No dev registry (it writes into the user's config dir) and no per-request log lines.
      enableDevRegistry: false,
      logRequests: false,
      log: new Log(LogLevel.WARN),
      telemetry: { enabled: false },
      // Offline: a placeholder request.cf instead of fetching a real one from Cloudflare.
      cf: false,
      // Miniflare restarts a crashed workerd by itself; count it so the report can say so.
      unsafeHandleRuntimeRestart: () => void (crashes += 1),
      resourcePersistencePath: dir,
      workers: [
        {
          config: {
            name: "bench",
            compatibilityDate: compat.date,
            compatibilityFlags: compat.flags,
            manifest: {
              mainModule: basename(bundlePath),
              modulesRoot: dirname(bundlePath),
              modules: bundleModules(bundlePath),
            },
            env: { ...Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, text(v)])), ...bindings },
            exports,
          },
        },
      ],
    });
    const url = await mf.ready;
    // release() stops workerd but keeps its storage, for a restart on the same `dir`.
    return {
      url: url.href.replace(/\/$/, ""),
      mf,
      dir,
      stop,
      release: () => mf.dispose(),
      crashes: () => crashes,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/** The bundle's entry and the data files wrangler emitted beside it (Text modules: the common-passwords list). */
function bundleModules(bundlePath) {
  const modules = { [basename(bundlePath)]: { type: "esm", contents: readFileSync(bundlePath, "utf8") } };
  for (const name of readdirSync(dirname(bundlePath))) {
    if (name.endsWith(".txt"))
      modules[name] = { type: "text", contents: readFileSync(join(dirname(bundlePath), name), "utf8") };
  }
  return modules;
}

/**
 * The service with every binding wrangler.toml declares, in bench configuration; `vars` override it.
 * `prepare(sqlitePath)`, when given, runs after the migrations while workerd is stopped, on the
 * local D1's SQLite file itself (set-based seeding of millions of rows without the binding in
 * the way); its result is returned as `prepared`.
 */
export async function startService(bundlePath, { vars = {}, prepare } = {}) {
  const options = {
    vars: {
      ENVIRONMENT: "development",
      JWT_SECRET: "bench-secret-bench-secret-bench-secret-0123456789",
      // Production cost on purpose: login and register are meant to show what hashing costs.
      PASSWORD_HASH_LOG_N: 15,
      // The limiter still runs (its KV reads stay in the numbers) but never throttles the bench.
      RATE_LIMIT_PER_MINUTE: 100_000_000,
      COUNT_QUERIES: "true",
      ...vars,
    },
    bindings: {
      DB: { type: "d1", id: "bench-db" },
      KV: { type: "kv", id: "bench-kv" },
      MEDIA: { type: "r2", name: "bench-media" },
      USER_HUB: { type: "durable-object", worker: "bench", exportName: "UserHub" },
    },
    exports: { UserHub: { type: "durable-object", storage: "sqlite" } },
  };
  let server = await startWorker(bundlePath, options);
  try {
    await applyMigrations(await server.mf.getD1Database("DB"));
    if (!prepare) return server;
    await server.release();
    const prepared = await prepare(d1File(server.dir));
    server = await startWorker(bundlePath, { ...options, dir: server.dir });
    return { ...server, prepared };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** The one SQLite file Miniflare keeps the local D1 database in, under its persistence dir. */
function d1File(dir) {
  const found = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.includes("D1Database") && f.endsWith(".sqlite") && basename(f) !== "metadata.sqlite");
  if (found.length !== 1)
    throw new Error(`expected one D1 .sqlite file under ${dir}, found ${found.length}: ${found.join(", ")}`);
  return join(dir, found[0]);
}

/** drizzle-kit .sql files in name order, each split on its statement breakpoints. */
async function applyMigrations(db) {
  const dir = join(ROOT, "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const statements = readFileSync(join(dir, file), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
}

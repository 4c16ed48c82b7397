// Run by `npm run dev`: applies the migrations to the local D1 database, saying one line when all
// is well. wrangler prints the whole migration table again after each migration it applies (about
// 1,600 lines on a fresh clone), which buried the server's own start-up lines. On a failure its
// whole output is printed, untouched, and `npm run dev` stops.
import { spawnSync } from "node:child_process";

const run = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local"], {
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
  // No prompt, no colour codes in what is parsed below.
  env: { ...process.env, CI: "true", FORCE_COLOR: "0" },
});
const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
if (run.error || run.status !== 0) {
  process.stderr.write(output);
  if (run.error) console.error(`dev-migrate: could not run wrangler: ${run.error.message}`);
  console.error("dev-migrate: the local migrations failed (output above); the server was not started.");
  process.exit(run.status || 1);
}
// Each applied migration appears in the last table with a ✅; "No migrations to apply" when none was pending.
const applied = new Set([...output.matchAll(/│\s*(\S+\.sql)\s*│\s*✅/g)].map((m) => m[1]));
console.log(
  applied.size
    ? `dev-migrate: applied ${applied.size} migration(s) to the local D1 database`
    : "dev-migrate: the local D1 database is up to date",
);

import { reset } from "cloudflare:test";
import { waitForGlobalWaitUntil } from "cloudflare:test-internal";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll } from "vitest";

// One pool worker (one workerd, one load of the Worker) runs every file of a project in turn
// (vitest.config.ts, `isolate: false`), and vitest imports all of them before it runs the first: so the
// fresh start is a hook, not top-level code. Each file starts from empty D1, KV, R2 and Durable Objects,
// as it did with a workerd of its own, and gets the schema every migration gives, in one batch
// (test/schema/snapshot.sql).
beforeAll(async () => {
  // The last file's deferred work (waitUntil) must not land in this file's database. Its failures
  // were that file's, and unreported before too: a workerd of its own just stopped.
  await waitForGlobalWaitUntil().catch(() => {});
  await reset();
  await emptyLeftovers();
  await env.DB.batch(env.TEST_SCHEMA.map((q) => env.DB.prepare(q)));
}, 60_000);

/**
 * reset() now and then leaves the database as the last file left it (seen in full runs: the snapshot's
 * first CREATE TABLE failed on an existing table), so what is still there is dropped or deleted here.
 */
async function emptyLeftovers() {
  const { results } = await env.DB.prepare(
    "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
  ).all<{ type: string; name: string; sql: string }>();
  // Triggers and views first (they name tables), then virtual tables (they drop their shadow tables), then
  // the rest, a table that another still references on a later pass.
  const rank = (o: { type: string; sql: string }) => (o.type !== "table" ? 0 : o.sql.startsWith("CREATE VIRTUAL TABLE") ? 1 : 2);
  let left = results.sort((a, b) => rank(a) - rank(b));
  while (left.length) {
    const failed: typeof left = [];
    for (const o of left) {
      await env.DB.prepare(`DROP ${o.type.toUpperCase()} IF EXISTS "${o.name.replaceAll('"', '""')}"`)
        .run()
        .catch(() => failed.push(o));
    }
    if (failed.length === left.length) throw new Error(`test/setup.ts cannot empty the database: ${failed.map((o) => o.name).join(", ")}`);
    left = failed;
  }
  const keys = (await env.KV.list()).keys.map((k) => k.name);
  await Promise.all(keys.map((k) => env.KV.delete(k)));
  for (let page = await env.MEDIA.list(); page.objects.length; page = await env.MEDIA.list()) {
    await env.MEDIA.delete(page.objects.map((o) => o.key));
  }
}

// `REPLICA_LAG_MS=500 npx vitest run <files>`: the same tests against a lagging read replica (issue 23).
// Installed per file, after the reset above: the replica's database is emptied with the rest.
if (env.REPLICA_LAG_MS !== undefined) {
  const { activate, ReplicaLab } = await import("./helpers/lagging-replica");
  let lab: InstanceType<typeof ReplicaLab> | undefined;
  beforeAll(async () => {
    lab = await ReplicaLab.install(env.DB, env.DB_REPLICA, env.TEST_MIGRATIONS, { lagMs: Number(env.REPLICA_LAG_MS), replicaReads: true });
    activate(lab);
  });
  afterAll(() => console.log(`replica-lab ${JSON.stringify({ lagMs: lab?.options.lagMs, ...lab?.tally })}`));
}

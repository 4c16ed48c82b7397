import { reset } from "cloudflare:test";
import { waitForGlobalWaitUntil } from "cloudflare:test-internal";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll } from "vitest";
import { emptyLeftovers } from "./helpers/empty-storage";
import type { ReplicaLab } from "./helpers/lagging-replica";

// One pool worker (one workerd, one load of the Worker) runs every file of a project in turn
// (vitest.config.ts, `isolate: false`), and vitest imports all of them before it runs the first: so the
// fresh start is a hook, not top-level code. Each file starts from empty D1, KV, R2 and Durable Objects,
// as it did with a workerd of its own, and gets the schema every migration gives, in one batch
// (test/schema/snapshot.sql).
beforeAll(async () => {
  // The last file's deferred work (waitUntil) must not land in this file's database. Its failures
  // were that file's, and unreported before too: a workerd of its own just stopped.
  // The plugin's private module (test/test-internal.d.ts): @cloudflare/vitest-plugin 1.5's public
  // `cloudflare:test` drains one ExecutionContext (waitOnExecutionContext), never all of them, and has
  // no hook between files; the pool worker's own list of pending waitUntil promises is only here.
  await waitForGlobalWaitUntil().catch(() => {});
  await reset();
  await emptyLeftovers();
  await env.DB.batch(env.TEST_SCHEMA.map((q) => env.DB.prepare(q)));
}, 60_000);

// `REPLICA_LAG_MS=500 npx vitest run <files>`: the same tests against a lagging read replica (issue 23).
// Installed per file, after the reset above: the replica's database is emptied with the rest.
if (env.REPLICA_LAG_MS !== undefined) {
  const { activate, ReplicaLab: Lab } = await import("./helpers/lagging-replica");
  let lab: ReplicaLab | undefined;
  beforeAll(async () => {
    lab = await Lab.install(env.DB, env.DB_REPLICA, env.TEST_MIGRATIONS, {
      lagMs: Number(env.REPLICA_LAG_MS),
      replicaReads: true,
    });
    activate(lab);
  });
  afterAll(() => console.log(`replica-lab ${JSON.stringify({ lagMs: lab?.options.lagMs, ...lab?.tally })}`));
}

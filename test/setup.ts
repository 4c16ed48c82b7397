import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// `REPLICA_LAG_MS=500 npx vitest run <files>`: the same tests against a lagging read replica (issue 23).
if (env.REPLICA_LAG_MS !== undefined) {
  const { activate, ReplicaLab } = await import("./helpers/lagging-replica");
  const lab = await ReplicaLab.install(env.DB, env.DB_REPLICA, env.TEST_MIGRATIONS, { lagMs: Number(env.REPLICA_LAG_MS), replicaReads: true });
  activate(lab);
  const { afterAll } = await import("vitest");
  afterAll(() => console.log(`replica-lab ${JSON.stringify({ lagMs: lab.options.lagMs, ...lab.tally })}`));
}

import type { D1Migration } from "cloudflare:test";

// The Worker's own Env (worker-configuration.d.ts and src/env.ts) plus what only the tests bind.
declare global {
  namespace Cloudflare {
    interface Env {
      /** test/schema/snapshot.sql: what every migration applied to an empty database leaves, statement by statement. */
      TEST_SCHEMA: string[];
      TEST_MIGRATIONS: D1Migration[];
      /** The lagging replica's database (test/helpers/lagging-replica.ts). */
      DB_REPLICA: D1Database;
      /** Set: every test client goes through that replica, this many ms behind (test/setup.ts). */
      REPLICA_LAG_MS?: string;
    }
  }
}

import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { readSnapshot } from "./scripts/db-snapshot.mjs";

/** Pure tests of domain, http and infra functions: no database, no Worker, so they run in Node. */
const UNIT = [
  "test/domain/account-rules.test.ts",
  "test/domain/ownership.test.ts",
  "test/domain/reasons.test.ts",
  "test/helpers/eventually.test.ts",
  "test/http/surface-registry.test.ts",
  "test/http/text-fields.test.ts",
  "test/infra/deploy-check.test.ts",
  "test/infra/kv-keys.test.ts",
  "test/infra/log.test.ts",
  "test/scripts/capacity.test.ts",
  "test/surfaces/envelopes.test.ts",
  "test/surfaces/shared/drf-envelope.test.ts",
  "test/surfaces/shared/pagination.test.ts",
];

// The Worker's per-request log line (src/http/request-log.ts) would bury the real output.
const onConsoleLog = (log: string) => !/^\{"level":"\w+","msg":"request"/.test(log);

/** The slow sweeps (every route, every field, every hash vector, a thousand sockets): `npm test` runs them, the inner loop need not. */
const SWEEPS = [
  "test/http/hostile-input.test.ts",
  "test/http/media-types.test.ts",
  "test/http/security.test.ts",
  "test/infra/django-password-hash.test.ts",
  "test/realtime/capacity.test.ts",
  "test/surfaces/privacy-sweep.test.ts",
];

export default defineConfig(async () => {
  const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));
  // Throws when test/schema/snapshot.sql was built from other migrations: run `npm run db:snapshot`.
  const schema = await readSnapshot();

  const workers = (
    name: string,
    include: string[],
    exclude: string[] = [],
  ): TestProjectInlineConfiguration => ({
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // The lagging read replica's own database (test/helpers/lagging-replica.ts); never deployed.
          d1Databases: ["DB_REPLICA"],
          bindings: {
            ENVIRONMENT: "development",
            JWT_SECRET: "test-secret-test-secret-test-secret-0123456789",
            // Cheap scrypt for tests only; production uses 2^15 (see README).
            PASSWORD_HASH_LOG_N: "4",
            RATE_LIMIT_PER_MINUTE: "120",
            COUNT_QUERIES: "true",
            // Every request line, so tests can read them (production samples 2xx, see wrangler.toml).
            LOG_SAMPLE_2XX: "1",
            TEST_SCHEMA: schema,
            TEST_MIGRATIONS: migrations,
            // Runs the tests against the lagging read replica (test/helpers/lagging-replica.ts).
            ...(process.env.REPLICA_LAG_MS ? { REPLICA_LAG_MS: process.env.REPLICA_LAG_MS } : {}),
          },
        },
      }),
    ],
    test: {
      name,
      include,
      exclude,
      // One workerd and one load of the Worker's modules per pool worker, not per file (that load was most
      // of each file's setup); test/setup.ts gives each file empty storage and a fresh schema instead.
      isolate: false,
      setupFiles: ["./test/setup.ts"],
    },
  });

  return {
    test: {
      onConsoleLog,
      projects: [
        {
          // wrangler.toml's Text rule, for Node: `import text from "./list.txt"` gives the file as a string.
          plugins: [
            {
              name: "text-modules",
              enforce: "pre",
              load: (id: string) =>
                id.endsWith(".txt")
                  ? `export default ${JSON.stringify(readFileSync(id, "utf8"))};`
                  : undefined,
            },
          ],
          // Pure functions: one process imports the modules once for every file.
          test: { name: "unit", include: UNIT, environment: "node", pool: "threads", isolate: false },
        },
        workers("api", ["test/**/*.test.ts"], [...UNIT, ...SWEEPS]),
        workers("sweeps", SWEEPS),
      ],
    },
  };
});

import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));
  return {
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
            TEST_MIGRATIONS: migrations,
            // Runs the tests against the lagging read replica (test/helpers/lagging-replica.ts).
            ...(process.env.REPLICA_LAG_MS ? { REPLICA_LAG_MS: process.env.REPLICA_LAG_MS } : {}),
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
      // The Worker's per-request log line (src/http/request-log.ts) would bury the real output.
      onConsoleLog: (log: string) => !/^\{"level":"\w+","msg":"request"/.test(log),
    },
  };
});

import { applyD1Migrations, reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { emptyDatabase } from "../helpers/empty-storage";

// test/setup.ts builds each file's database from test/schema/snapshot.sql, not from migrations/: this is
// the check that both give the same database. On a failure, run `npm run db:snapshot` and commit the file.

/** sqlite_master without page numbers, and every table's rows, sorted (the bookkeeping table without its clock). */
async function describeDatabase() {
  const { results: objects } = await env.DB.prepare(
    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY type, name",
  ).all<{ type: string; name: string; tbl_name: string; sql: string | null }>();
  const rows: Record<string, unknown[]> = {};
  for (const { name } of objects.filter(
    (o) => o.type === "table" && !o.sql?.startsWith("CREATE VIRTUAL TABLE"),
  )) {
    const select =
      name === "d1_migrations" ? "SELECT id, name FROM d1_migrations" : `SELECT * FROM "${name}"`;
    const raw = await env.DB.prepare(select).raw();
    rows[name] = raw
      .map((row) => JSON.stringify(row.map((v) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v))))
      .sort();
  }
  return { objects, rows };
}

it("test/schema/snapshot.sql gives the same sqlite_master and rows as every migration applied in order", async () => {
  const fromSnapshot = await describeDatabase();
  await reset();
  // Else a database reset() left standing would make every migration count as applied, and this compare the snapshot with itself.
  await emptyDatabase(env.DB);
  expect((await describeDatabase()).objects.filter((o) => !o.name.startsWith("sqlite_"))).toEqual([]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  const fromMigrations = await describeDatabase();

  expect(fromSnapshot.objects.length).toBeGreaterThan(50);
  expect(fromSnapshot.rows["d1_migrations"]).toHaveLength(env.TEST_MIGRATIONS.length);
  expect(fromSnapshot).toEqual(fromMigrations);
});

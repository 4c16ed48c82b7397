// `npm run db:snapshot`: applies every migration in migrations/ to an empty local D1 (Miniflare, the engine
// the tests run on) and writes the resulting schema and rows to test/schema/snapshot.sql, which the test
// setup applies in one batch instead of replaying each migration in each test file.
//
// The file's first line records a digest of the migrations it was built from. vitest.config.ts refuses
// to run when that digest is not today's migrations' (a stale snapshot fails loudly, it never tests an
// old schema), and test/db/schema-snapshot.test.ts checks that the snapshot and the migrations give the
// same sqlite_master and the same rows. After adding, editing or renumbering a migration, run this script
// and commit the file.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readD1Migrations } from "@cloudflare/vitest-plugin";

const root = new URL("..", import.meta.url);
export const MIGRATIONS_DIR = fileURLToPath(new URL("migrations", root));
export const SNAPSHOT_DIR = fileURLToPath(new URL("test/schema", root));
export const SNAPSHOT_FILE = fileURLToPath(new URL("test/schema/snapshot.sql", root));
const HEADER = /^-- migrations digest: ([0-9a-f]{64})$/m;

/** One digest over every migration's name and statements, in the order they are applied. */
export async function migrationsDigest() {
  const hash = createHash("sha256");
  for (const m of await readD1Migrations(MIGRATIONS_DIR)) hash.update(JSON.stringify([m.name, m.queries]));
  return hash.digest("hex");
}

/** The snapshot's statements, or an error naming the fix when it was built from other migrations. */
export async function readSnapshot() {
  let text;
  try {
    text = readFileSync(SNAPSHOT_FILE, "utf8");
  } catch {
    throw new Error(`${SNAPSHOT_FILE} is missing: run \`npm run db:snapshot\` and commit it.`);
  }
  const built = HEADER.exec(text)?.[1];
  const today = await migrationsDigest();
  if (built !== today) {
    throw new Error(
      `test/schema/snapshot.sql is stale: it was built from other migrations than migrations/ holds today. ` +
        `Run \`npm run db:snapshot\` and commit test/schema/snapshot.sql.`,
    );
  }
  const [snapshot] = await readD1Migrations(SNAPSHOT_DIR);
  return snapshot.queries;
}

// The same bookkeeping table and batches as applyD1Migrations (cloudflare:test), so the snapshot holds
// what the per-file replay used to leave behind.
const D1_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "d1_migrations" (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
	);`;

const quoteId = (name) => `"${name.replaceAll('"', '""')}"`;
const literal = (v) => {
  if (v === null) return "NULL";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "string") return `'${v.replaceAll("'", "''")}'`;
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v) || Array.isArray(v)) {
    return `X'${Buffer.from(Array.isArray(v) ? v : v instanceof ArrayBuffer ? new Uint8Array(v) : v).toString("hex")}'`;
  }
  throw new Error(`no SQL literal for ${typeof v}`);
};

async function build() {
  const { Miniflare, convertV4MiniflareOptions } = await import("miniflare");
  const mf = new Miniflare(
    convertV4MiniflareOptions({ modules: true, script: "export default {}", d1Databases: ["DB"] }),
  );
  try {
    const db = await mf.getD1Database("DB");
    await db.prepare(D1_MIGRATIONS_TABLE).run();
    const migrations = await readD1Migrations(MIGRATIONS_DIR);
    for (const m of migrations) {
      await db.batch([
        ...m.queries.map((q) => db.prepare(q)),
        db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(m.name),
      ]);
    }
    // sqlite_master in creation order, without what SQLite or D1 make on their own: automatic indexes,
    // sqlite_sequence, D1's _cf_ tables, and the shadow tables a virtual table creates with itself.
    const { results: objects } = await db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
      .all();
    const virtual = objects
      .filter((o) => o.type === "table" && /^CREATE VIRTUAL TABLE/i.test(o.sql))
      .map((o) => o.name);
    const isShadow = (o) => o.type === "table" && virtual.some((v) => o.name.startsWith(`${v}_`));
    const own = objects.filter(
      (o) => o.sql !== null && !o.name.startsWith("sqlite_") && !o.name.startsWith("_cf_") && !isShadow(o),
    );
    const statements = own.map((o) => `${o.sql};`);
    // Rows a migration left (seed or backfill rows; the bookkeeping of d1_migrations), without its clock column.
    for (const o of own.filter((t) => t.type === "table" && !virtual.includes(t.name))) {
      const select =
        o.name === "d1_migrations"
          ? "SELECT id, name FROM d1_migrations"
          : `SELECT * FROM ${quoteId(o.name)}`;
      const [columns, ...rows] = await db.prepare(select).raw({ columnNames: true });
      for (const row of rows) {
        statements.push(
          `INSERT INTO ${quoteId(o.name)} (${columns.map(quoteId).join(", ")}) VALUES (${row.map(literal).join(", ")});`,
        );
      }
    }
    return { statements, count: migrations.length };
  } finally {
    await mf.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { statements, count } = await build();
  const digest = await migrationsDigest();
  const text = [
    `-- Generated by \`npm run db:snapshot\` from the ${count} files in migrations/; do not edit.`,
    `-- migrations digest: ${digest}`,
    "",
    ...statements,
    "",
  ].join("\n");
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  writeFileSync(SNAPSHOT_FILE, text);
  console.log(`wrote test/schema/snapshot.sql: ${statements.length} statements from ${count} migrations`);
}

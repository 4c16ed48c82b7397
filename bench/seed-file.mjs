// The bench seed run straight on the local D1's SQLite file (node:sqlite, Node 22) while workerd
// is stopped: the same set-based SQL as through the binding, but a million users' worth of rows
// goes in one transaction with a large page cache and no journal, in minutes rather than hours.
import { seed } from "./seed.mjs";

/** A D1-shaped wrapper, just what seed() calls: prepare().all()/first() and batch() of prepared statements. */
function d1Shaped(db) {
  return {
    prepare: (sql) => ({
      sql,
      all: async () => ({ results: db.prepare(sql).all() }),
      first: async () => db.prepare(sql).get() ?? null,
    }),
    batch: async (statements) => {
      db.exec("BEGIN");
      try {
        for (const s of statements) db.exec(s.sql);
        db.exec("COMMIT");
      } catch (err) {
        db.exec("ROLLBACK");
        throw err;
      }
    },
  };
}

/** Seeds `users` users into the SQLite file at `path`; returns seed()'s lines. */
export async function seedFile(path, { users, logN }) {
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(path);
  try {
    const { journal_mode: mode } = db.prepare("PRAGMA journal_mode").get();
    // Nothing to recover if the seed dies halfway: the bench throws the whole directory away.
    db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000");
    // No ANALYZE: the planner gets the statistics the migrations give production, no more.
    const lines = await seed(d1Shaped(db), { users, logN });
    db.exec(`PRAGMA journal_mode = ${mode}`);
    return lines;
  } finally {
    db.close();
  }
}

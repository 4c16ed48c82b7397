// Issue 23 item 3: a read replica that lags, for a machine where D1 has none. Local D1 (workerd)
// has `withSession()` and hands out bookmarks, but every session is served by the one local
// database: no query ever reads old data, so nothing local can show a stale read unless it is built.
//
// This double is built from two local D1 databases:
// - the primary (env.DB) logs every row it changes: a trigger per table and operation appends the
//   row's image, as a statement, to `_lab_log` in the same transaction as the change (so a
//   rolled-back batch leaves nothing, and a row changed by a schema trigger or a foreign-key cascade
//   is logged too); the log's sequence number is the primary's position;
// - the replica (env.DB_REPLICA) starts from the same migrations, without the schema's own
//   triggers (their effects arrive as row images) except the full-text index's, and replays the
//   log's entries once they are `lagMs` old, in order, in batches, recording how far it got.
// Bookmarks say a position (`00000000-<position>-00000000-0…0`, the shape D1 uses); a session
// routes like D1's: writes to the primary; with the switch on, a read to the replica when the
// replica has reached everything the session must see, else to the primary.
//
// What it does not simulate: D1's replicas ship the primary's storage, not row images; a real
// session waits for a lagging replica or moves to another, this one falls back to the primary;
// there is one replica, not one per region; latency is not modelled (only staleness is); and
// only statements sent through the lab binding are routed (the Durable Object hub and the cron
// keep the plain binding, i.e. the primary).
import { applyD1Migrations, type D1Migration } from "cloudflare:test";

export interface LabOptions {
  lagMs: number;
  /** The switch: false sends every read to the primary (bookmarks are still handed out). */
  replicaReads: boolean;
}

/** What one session (one request) did, for the counts the tests assert. */
export interface SessionRecord {
  tag: string;
  constraint: string;
  /** The position this session had to read at least: the client's bookmark, or the primary's at its first statement. */
  required: number;
  reads: number;
  replicaReads: number;
  /** Reads sent back to the primary because the replica had not reached the session's bookmark. */
  fallbacks: number;
  /** Reads served below `required` or below the session's own bookmark: must stay 0. */
  staleReads: number;
  /** The oldest position any read of this session was served at. */
  minServed: number | null;
  wrote: boolean;
  bookmark: number | null;
}

const NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
const SKIP = /^(sqlite_|_cf_|d1_migrations$|_lab_)/;

const WRITE = /^\s*(insert|update|delete|replace|create|drop|alter|pragma)\b/i;
const isWrite = (sql: string) =>
  WRITE.test(sql) || (/^\s*with\b/i.test(sql) && /\b(insert|update|delete|replace)\b/i.test(sql));

export const labBookmark = (position: number) =>
  `00000000-${position.toString(16).padStart(8, "0")}-00000000-${"0".repeat(32)}`;
export const labPosition = (bookmark: string | null | undefined) => {
  const part = bookmark?.split("-")[1];
  return part ? parseInt(part, 16) : null;
};

/** The counts issue 23 asks for, over the requests `observe` was shown. */
export interface Tally {
  requests: number;
  replicaReads: number;
  fallbacks: number;
  /** Requests that read after their client's own write, and how many read below it. */
  afterOwnWrite: number;
  staleOwnReads: number;
  /** Writes and logins (each decides a guard), and how many read anything stale while deciding. */
  guardDecisions: number;
  guardsOnStale: number;
}
export const emptyTally = (): Tally => ({
  requests: 0,
  replicaReads: 0,
  fallbacks: 0,
  afterOwnWrite: 0,
  staleOwnReads: 0,
  guardDecisions: 0,
  guardsOnStale: 0,
});

export class ReplicaLab {
  readonly sessions: SessionRecord[] = [];
  tally = emptyTally();
  /** Each client's last write, by tag: the position its later reads must reach. */
  private readonly lastWrites = new Map<string, number>();
  private applying: Promise<number> = Promise.resolve(0);

  private constructor(
    readonly primary: D1Database,
    readonly replica: D1Database,
    public options: LabOptions,
  ) {}

  /** Migrates the replica like the primary and starts logging the primary's changes. Once per test file (storage is per file). */
  static async install(
    primary: D1Database,
    replica: D1Database,
    migrations: D1Migration[],
    options: LabOptions,
  ) {
    await applyD1Migrations(replica, migrations);
    const triggers = await replica
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name NOT LIKE 'posts_search%'")
      .all<{ name: string }>();
    for (const { name } of triggers.results) await replica.prepare(`DROP TRIGGER "${name}"`).run();
    await replica.batch([
      replica.prepare("CREATE TABLE IF NOT EXISTS _lab_state (applied INTEGER NOT NULL)"),
      replica.prepare(
        "INSERT INTO _lab_state (applied) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM _lab_state)",
      ),
    ]);
    await primary
      .prepare(
        "CREATE TABLE IF NOT EXISTS _lab_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, sql TEXT NOT NULL)",
      )
      .run();
    const tables = await primary
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
      .all<{ name: string; sql: string }>();
    const virtual = tables.results.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
    const logged = tables.results.filter(
      (t) => !SKIP.test(t.name) && !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)),
    );
    const statements: D1PreparedStatement[] = [];
    for (const { name, sql } of logged) {
      if (/WITHOUT ROWID/i.test(sql))
        throw new Error(`${name}: a WITHOUT ROWID table has no rowid to replay by`);
      const columns = (
        await primary.prepare(`SELECT name FROM pragma_table_info('${name}')`).all<{ name: string }>()
      ).results.map((c) => `"${c.name}"`);
      // concat_ws, not a chain of ||: SQLite caps an expression's depth at 100.
      const values = `concat_ws(', ', ${columns.map((c) => `quote(${c})`).join(", ")})`;
      const sets = `concat_ws(', ', ${columns.map((c) => `'${c.replaceAll("'", "''")} = ' || quote(${c})`).join(", ")})`;
      const list = columns.join(", ").replaceAll("'", "''");
      // The row as it stands when the trigger runs (not NEW): a schema trigger may already have changed it.
      statements.push(
        primary.prepare(`CREATE TRIGGER IF NOT EXISTS "_lab_i_${name}" AFTER INSERT ON "${name}" BEGIN
          INSERT INTO _lab_log (at, sql) SELECT ${NOW_MS}, 'INSERT OR REPLACE INTO "${name}" (rowid, ${list}) VALUES (' || quote(rowid) || ', ' || ${values} || ')' FROM "${name}" WHERE rowid = new.rowid;
        END`),
        primary.prepare(`CREATE TRIGGER IF NOT EXISTS "_lab_u_${name}" AFTER UPDATE ON "${name}" BEGIN
          INSERT INTO _lab_log (at, sql) SELECT ${NOW_MS}, 'UPDATE "${name}" SET rowid = ' || quote(rowid) || ', ' || ${sets} || ' WHERE rowid = ' || quote(old.rowid) FROM "${name}" WHERE rowid = new.rowid;
        END`),
        primary.prepare(`CREATE TRIGGER IF NOT EXISTS "_lab_d_${name}" AFTER DELETE ON "${name}" BEGIN
          INSERT INTO _lab_log (at, sql) VALUES (${NOW_MS}, 'DELETE FROM "${name}" WHERE rowid = ' || quote(old.rowid));
        END`),
      );
    }
    await primary.batch(statements);
    return new ReplicaLab(primary, replica, options);
  }

  /** The primary's position: the last change it logged. */
  async head(): Promise<number> {
    return (
      (await this.primary.prepare("SELECT coalesce(max(seq), 0) AS h FROM _lab_log").first<number>("h")) ?? 0
    );
  }

  /** Replays what is at least `lagMs` old; one replay at a time. Answers the replica's position. */
  catchUp(): Promise<number> {
    this.applying = this.applying.then(
      () => this.replay(),
      () => this.replay(),
    );
    return this.applying;
  }

  private async replay(): Promise<number> {
    let applied =
      (await this.replica.prepare("SELECT applied FROM _lab_state").first<number>("applied")) ?? 0;
    for (;;) {
      const due = await this.primary
        .prepare(`SELECT seq, sql FROM _lab_log WHERE seq > ? AND at <= ${NOW_MS} - ? ORDER BY seq LIMIT 200`)
        .bind(applied, this.options.lagMs)
        .all<{ seq: number; sql: string }>();
      if (due.results.length === 0) return applied;
      const to = due.results.at(-1)!.seq;
      try {
        await this.replica.batch([
          // First, and NOT NULL: a batch another lab (another module copy) already applied rolls back whole.
          this.replica
            .prepare("UPDATE _lab_state SET applied = CASE WHEN applied = ? THEN ? END")
            .bind(applied, to),
          this.replica.prepare("PRAGMA defer_foreign_keys = ON"),
          ...due.results.map((r) => this.replica.prepare(r.sql)),
        ]);
        applied = to;
      } catch (err) {
        const now =
          (await this.replica.prepare("SELECT applied FROM _lab_state").first<number>("applied")) ?? 0;
        if (now === applied) throw err;
        applied = now;
      }
    }
  }

  /** What a Worker gets as `env.DB`: sessions routed by the lab, tagged so a test can find its own. */
  binding(tag = ""): D1Database {
    return {
      withSession: (constraint?: string) => this.openSession(tag, constraint ?? "first-unconstrained"),
      prepare: (sql: string) => this.primary.prepare(sql),
      batch: (statements: D1PreparedStatement[]) => this.primary.batch(statements),
      exec: (sql: string) => this.primary.exec(sql),
    } as unknown as D1Database;
  }

  private openSession(tag: string, constraint: string): D1DatabaseSession {
    const record: SessionRecord = {
      tag,
      constraint,
      required: 0,
      reads: 0,
      replicaReads: 0,
      fallbacks: 0,
      staleReads: 0,
      minServed: null,
      wrote: false,
      bookmark: null,
    };
    this.sessions.push(record);
    return new LabSession(
      this,
      record,
      constraint === "first-primary"
        ? null
        : constraint === "first-unconstrained"
          ? 0
          : (labPosition(constraint) ?? 0),
    ) as unknown as D1DatabaseSession;
  }

  /** The position of client `tag`'s last write that has been answered: what a request it sends now must read. */
  lastWriteOf(tag: string) {
    return this.lastWrites.get(tag) ?? 0;
  }

  /**
   * Counts the request(s) of client `tag` whose sessions are `mine`, sent when its last answered
   * write was at `lastWrite` (a write still in flight beside it is not "its last write"), and notes
   * the write it made.
   */
  observe(
    tag: string,
    method: string,
    mine: SessionRecord[],
    answers: { status: number; bookmark: string | null }[],
    lastWrite = this.lastWriteOf(tag),
  ) {
    const t = this.tally;
    for (const s of mine) {
      t.requests += 1;
      t.replicaReads += s.replicaReads;
      t.fallbacks += s.fallbacks;
      if (lastWrite > 0 && s.minServed !== null) {
        t.afterOwnWrite += 1;
        if (s.minServed < lastWrite) t.staleOwnReads += 1;
      }
      if (method !== "GET" && method !== "HEAD") {
        t.guardDecisions += 1;
        if (
          s.constraint !== "first-primary" ||
          s.staleReads > 0 ||
          (s.minServed !== null && s.minServed < s.required)
        )
          t.guardsOnStale += 1;
      }
    }
    for (const { status, bookmark } of answers)
      if (method !== "GET" && method !== "HEAD" && status < 400)
        this.lastWrites.set(tag, Math.max(this.lastWrites.get(tag) ?? 0, labPosition(bookmark) ?? 0));
  }

  /** Totals over every session so far. */
  totals() {
    const sum = (f: (s: SessionRecord) => number) => this.sessions.reduce((n, s) => n + f(s), 0);
    return {
      sessions: this.sessions.length,
      reads: sum((s) => s.reads),
      replicaReads: sum((s) => s.replicaReads),
      fallbacks: sum((s) => s.fallbacks),
      staleReads: sum((s) => s.staleReads),
    };
  }
}

class LabSession {
  /** null until the first statement of a first-primary session, which must go to the primary. */
  constructor(
    private readonly lab: ReplicaLab,
    private readonly record: SessionRecord,
    private floor: number | null,
  ) {
    if (floor !== null) record.required = floor;
  }

  prepare(sql: string): D1PreparedStatement {
    return new LabStatement(this, sql, []) as unknown as D1PreparedStatement;
  }

  batch(statements: D1PreparedStatement[]) {
    const list = statements as unknown as LabStatement[];
    return this.execute(
      list.some((s) => isWrite(s.sql)),
      (db) => db.batch(list.map((s) => db.prepare(s.sql).bind(...s.params))),
    );
  }

  getBookmark() {
    return this.record.bookmark === null ? null : labBookmark(this.record.bookmark);
  }

  async execute<T>(write: boolean, run: (db: D1Database) => Promise<T>): Promise<T> {
    const { lab, record } = this;
    if (!write) record.reads += 1;
    if (!write && lab.options.replicaReads && this.floor !== null) {
      const need = Math.max(this.floor, record.bookmark ?? 0);
      const applied = await lab.catchUp();
      if (applied >= need) {
        record.replicaReads += 1;
        const result = await run(lab.replica);
        this.served(applied, need);
        return result;
      }
      record.fallbacks += 1;
    }
    const result = await run(lab.primary);
    if (write) record.wrote = true;
    const head = await lab.head();
    if (this.floor === null) {
      // The first statement of a first-primary session: everything up to here is what it must see.
      this.floor = head;
      record.required = head;
    }
    if (!write) this.served(head, record.required);
    record.bookmark = Math.max(record.bookmark ?? 0, head);
    return result;
  }

  private served(position: number, need: number) {
    const { record } = this;
    if (position < need || position < record.required) record.staleReads += 1;
    record.minServed = record.minServed === null ? position : Math.min(record.minServed, position);
    record.bookmark = Math.max(record.bookmark ?? 0, position);
  }
}

class LabStatement {
  constructor(
    private readonly session: LabSession,
    readonly sql: string,
    readonly params: unknown[],
  ) {}

  bind(...params: unknown[]) {
    return new LabStatement(this.session, this.sql, params);
  }
  private on<T>(run: (s: D1PreparedStatement) => Promise<T>) {
    return this.session.execute(isWrite(this.sql), (db) => run(db.prepare(this.sql).bind(...this.params)));
  }
  first(column?: string) {
    return this.on((s) => (column === undefined ? s.first() : s.first(column)));
  }
  all() {
    return this.on((s) => s.all());
  }
  run() {
    return this.on((s) => s.run());
  }
  raw(options?: { columnNames?: boolean }) {
    return this.on((s) => (options?.columnNames ? s.raw({ columnNames: true }) : s.raw()));
  }
}

let active: ReplicaLab | undefined;
/** The lab every test client goes through, when a run asks for one (REPLICA_LAG_MS, test/setup.ts). */
export const activeLab = () => active;
export const activate = (lab: ReplicaLab) => {
  active = lab;
};

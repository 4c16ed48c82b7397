// npm run capacity:measure [-- --sizes 10000,100000 --users 10000 --repeat 20 --out docs/capacity-inputs.json]
//
// Measures what docs/SCALING.md's capacity model is built from, and writes the `measured` part of
// docs/capacity-inputs.json (the traffic mix, limits and prices in that file are kept as they are):
//
// 1. Storage: for each of --sizes, a fresh SQLite file gets migrations/*.sql and the bench's seed
//    (bench/seed.mjs through bench/seed-file.mjs, as `npm run bench` seeds D1), then SQLite's dbstat
//    says how many bytes each table and its indexes take. The difference between two sizes, per row
//    added, is a table's bytes per row with the fixed overhead (schema, empty pages) taken out.
// 2. Actions: the deployable bundle on workerd (bench/server.mjs, the bench's own start-up) with a
//    D1 seeded at --users, COUNT_QUERIES=true. Every bench route, and the writes the bench does not
//    drive (follow, comment, post, profile edit, token refresh, logout, hide, report, block,
//    notification preferences, a wrong password, a reset code, Twimbol register, Cocotree friend
//    request and acceptance, a chat message), run --repeat times; each
//    answer's X-D1-Queries, X-D1-Rows-Read, X-D1-Rows-Written and X-KV-Writes are averaged, and the
//    row count of every table before and after says which rows an action leaves behind (including
//    work deferred past the response).
//
// Nothing here is timed: req/s and CPU come from BENCHMARKS.md, not from this script.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bearer, createContext } from "../bench/context.mjs";
import { ROUTES, buildRequest } from "../bench/routes.mjs";
import { seededName } from "../bench/seed.mjs";
import { seedFile } from "../bench/seed-file.mjs";
import { ROOT, buildBundle, startService } from "../bench/server.mjs";

const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    users: { type: "string", default: "10000" },
    repeat: { type: "string", default: "20" },
    out: { type: "string", default: join(ROOT, "docs/capacity-inputs.json") },
    "skip-actions": { type: "boolean", default: false },
  },
});
const SIZES = flags.sizes.split(",").map((s) => Number(s.replace(/_/g, "")));
const USERS = Number(flags.users.replace(/_/g, ""));
const REPEAT = Number(flags.repeat);
/** Cheap hashes: the stored hash and the service's cost agree, so no login rehashes (a write the model must not count). */
const LOG_N = 10;
const log = (msg) => process.stderr.write(`[capacity] ${msg}\n`);

const inputs = JSON.parse(readFileSync(flags.out, "utf8"));
const measured = {
  commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim(),
  date: new Date().toISOString().slice(0, 10),
  storage: await measureStorage(),
  ...(flags["skip-actions"] ? { actions: inputs.measured?.actions } : { actions: await measureActions() }),
};
inputs.measured = measured;
writeFileSync(flags.out, `${JSON.stringify(inputs, null, 2)}\n`);
log(`wrote ${flags.out}`);

// ---------------------------------------------------------------------------------------------
// Storage

async function measureStorage() {
  const runs = [];
  for (const users of SIZES) {
    log(`storage: migrations + bench seed at ${users} users`);
    runs.push({ users, ...(await seededSizes(users)) });
  }
  const [small, large] = [runs[0], runs.at(-1)];
  const tables = {};
  for (const [name, big] of Object.entries(large.tables)) {
    const little = small.tables[name] ?? { rows: 0, bytes: 0 };
    const addedRows = big.rows - little.rows;
    tables[name] = {
      ...Object.fromEntries(runs.map((r) => [`rows@${r.users}`, r.tables[name]?.rows ?? 0])),
      ...Object.fromEntries(runs.map((r) => [`bytes@${r.users}`, r.tables[name]?.bytes ?? 0])),
      // Marginal bytes per row between the two sizes: pages the rows and their index entries fill.
      bytesPerRow: addedRows > 0 ? Math.round((big.bytes - little.bytes) / addedRows) : null,
      usedBytesPerRow: big.rows > 0 ? Math.round(big.used / big.rows) : null,
    };
  }
  // How full the seeded tables' pages are: turns the used bytes of a table measured on a few rows into pages.
  const seeded = Object.values(large.tables).filter((t) => t.rows >= 1000);
  const fill = seeded.reduce((s, t) => s + t.used, 0) / seeded.reduce((s, t) => s + t.bytes, 0);
  return {
    pageFill: Math.round(fill * 1000) / 1000,
    method:
      "migrations/*.sql then bench/seed.mjs via bench/seed-file.mjs into a fresh SQLite file (node:sqlite); dbstat pages per table with its indexes (FTS5 shadow tables under posts_search); bytesPerRow = growth in bytes / growth in rows between the two sizes",
    fileBytes: Object.fromEntries(runs.map((r) => [r.users, r.fileBytes])),
    bytesPerSeededUser: Math.round((large.fileBytes - small.fileBytes) / (large.users - small.users)),
    seedRowsPerUser: Object.fromEntries(
      Object.entries(large.tables)
        .map(([t, v]) => [t, Math.round((v.rows / large.users) * 1000) / 1000])
        .filter(([, v]) => v > 0),
    ),
    tables,
  };
}

async function seededSizes(users) {
  const { DatabaseSync } = await import("node:sqlite");
  const dir = mkdtempSync(join(tmpdir(), "capacity-"));
  const file = join(dir, "d1.sqlite");
  try {
    const db = new DatabaseSync(file);
    for (const statement of migrationStatements()) db.exec(statement);
    db.close();
    await seedFile(file, { users, logN: LOG_N });
    const ro = new DatabaseSync(file, { readOnly: true });
    try {
      return { fileBytes: readFileSync(file).length, tables: tableSizes(ro) };
    } finally {
      ro.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The SQLite file Miniflare keeps the local D1 in (as bench/server.mjs finds it). */
function d1File(dir) {
  const found = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.includes("D1Database") && f.endsWith(".sqlite") && !f.endsWith("metadata.sqlite"));
  if (found.length !== 1) throw new Error(`expected one D1 .sqlite file under ${dir}, found ${found.length}`);
  return join(dir, found[0]);
}

function migrationStatements() {
  const dir = join(ROOT, "migrations");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("--> statement-breakpoint"))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Rows and bytes (table b-tree plus every index on it) of each table; the FTS5 shadow tables count under their virtual table. */
function tableSizes(db) {
  const objects = db
    .prepare("SELECT name, tbl_name AS owner, type, sql FROM sqlite_master WHERE type IN ('table', 'index')")
    .all();
  const virtual = objects
    .filter((o) => o.type === "table" && /CREATE VIRTUAL TABLE/i.test(o.sql ?? ""))
    .map((o) => o.name);
  const ownerOf = new Map(
    objects.map((o) => [o.name, virtual.find((v) => o.name.startsWith(`${v}_`)) ?? o.owner]),
  );
  const pages = db
    .prepare("SELECT name, sum(pgsize) AS bytes, sum(pgsize - unused) AS used FROM dbstat GROUP BY name")
    .all();
  const out = {};
  for (const { name, bytes, used } of pages) {
    const owner = ownerOf.get(name) ?? name;
    if (owner.startsWith("sqlite_") || owner.startsWith("_cf") || owner === "d1_migrations") continue;
    out[owner] ??= { rows: 0, bytes: 0, used: 0 };
    out[owner].bytes += bytes;
    out[owner].used += used;
  }
  for (const name of Object.keys(out)) {
    // A contentless FTS5 table keeps one docsize row per indexed document.
    const counted = virtual.includes(name) ? `${name}_docsize` : name;
    out[name].rows = db.prepare(`SELECT count(*) AS n FROM "${counted}"`).get().n;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Actions through the Worker

async function measureActions() {
  log("building the bundle (wrangler deploy --dry-run)");
  const bundle = buildBundle(join(ROOT, "bench/.out/capacity-bundle"));
  log(`starting the service and seeding ${USERS} users`);
  const service = await startService(bundle, {
    vars: { PASSWORD_HASH_LOG_N: LOG_N },
    prepare: (file) => seedFile(file, { users: USERS, logN: LOG_N }),
  });
  try {
    const d1 = await service.mf.getD1Database("DB");
    const ctx = await createContext({ baseUrl: service.url, users: USERS, seeded: true });
    const tables = (
      await d1
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT GLOB 'sqlite_*' AND name NOT GLOB 'posts_search_*' AND name NOT GLOB '_cf*' AND name != 'd1_migrations'",
        )
        .all()
    ).results.map((r) => r.name);
    const counts = async () => {
      return d1
        .prepare(`SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(", ")}`)
        .first();
    };
    const out = {};
    const run = async (name, requests) => {
      // Let deferred work of the previous action land before counting.
      await new Promise((r) => setTimeout(r, 300));
      const before = await counts();
      const answers = [];
      for (const req of requests) answers.push(await req());
      await new Promise((r) => setTimeout(r, 500));
      const after = await counts();
      const n = answers.length;
      const mean = (key) => {
        const values = answers
          .map((a) => a.headers.get(key))
          .filter((v) => v !== null)
          .map(Number);
        return values.length
          ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100
          : null;
      };
      const statuses = {};
      for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      const rowsAdded = {};
      for (const t of tables)
        if (after[t] !== before[t]) rowsAdded[t] = Math.round(((after[t] - before[t]) / n) * 1000) / 1000;
      out[name] = {
        requests: n,
        statuses,
        queries: mean("X-D1-Queries"),
        rowsRead: mean("X-D1-Rows-Read"),
        rowsWritten: mean("X-D1-Rows-Written"),
        kvWrites: mean("X-KV-Writes"),
        rowsAdded,
      };
      log(`  ${name}: ${JSON.stringify(out[name])}`);
    };
    const call = (method, path, opts) => () => ctx.call(method, path, opts);

    const states = new Map();
    for (const route of ROUTES.filter((r) => !r.measure)) {
      // The bench's unlike set-up likes every pair the like route did not reach (thousands); here the
      // unlikes take back exactly the likes just measured, which walk the same pairs from the start.
      const state =
        route.name === "twimbol unlike"
          ? states.get("twimbol like")
          : route.setup
            ? await route.setup(ctx)
            : ctx;
      states.set(route.name, state);
      await run(
        route.name,
        Array.from({ length: REPEAT }, (_, i) => {
          const req = buildRequest(route, state, i);
          return call(req.method, req.path, { json: req.body, headers: req.headers });
        }),
      );
    }

    // The writes the bench does not drive, each by users spread over the seeded set.
    const someone = (i) => seededName(100 + ((i * 7919) % (USERS - 200)));
    const logins = [];
    for (let i = 0; i < REPEAT; i++) {
      const res = await ctx.call("POST", "/user/login/", {
        json: { username: someone(i), password: ctx.password },
      });
      logins.push({ id: res.body.user?.id, access: res.body.access, refresh: res.body.refresh });
    }
    const cookies = [];
    for (let i = 0; i < REPEAT; i++) {
      const res = await ctx.call("POST", "/users/login/", {
        json: { username: someone(i + REPEAT), password: ctx.password },
      });
      cookies.push({
        id: res.body.id,
        cookie: res.headers
          .getSetCookie()
          .find((l) => l.startsWith("sessionid="))
          ?.split(";")[0],
      });
    }
    const feed = await ctx.call("GET", "/api/posts/?page_size=100");
    const posts = feed.body.results.map((p) => p.id);
    const target = (i) => logins[(i + 1) % logins.length].id;
    await run(
      "twimbol follow",
      logins.map((u, i) =>
        call("POST", "/user/profile/follow/", { headers: bearer(u.access), json: { user_id: target(i) } }),
      ),
    );
    await run(
      "twimbol unfollow",
      logins.map((u, i) =>
        call("POST", "/user/profile/follow/", { headers: bearer(u.access), json: { user_id: target(i) } }),
      ),
    );
    await run(
      "twimbol comment",
      logins.map((u, i) =>
        call("POST", `/api/posts/${posts[i % posts.length]}/comments/`, {
          headers: bearer(u.access),
          json: { comment: `capacity ${i}` },
        }),
      ),
    );
    await run(
      "twimbol create post",
      logins.map((u, i) =>
        call("POST", "/api/posts/", {
          headers: bearer(u.access),
          json: { post_title: `Capacity ${i}`, post_description: "Measured by npm run capacity:measure" },
        }),
      ),
    );
    await run(
      "game profile edit",
      cookies.map((u, i) =>
        call("PATCH", `/users/${u.id}/`, {
          headers: { Cookie: u.cookie },
          json: { last_name: `capacity ${i}` },
        }),
      ),
    );
    await run(
      "twimbol token refresh",
      logins.map((u) => call("POST", "/api/token/refresh/", { json: { refresh: u.refresh } })),
    );
    await run(
      "game logout",
      cookies.map((u) => call("POST", "/users/logout/", { headers: { Cookie: u.cookie } })),
    );
    await run(
      "twimbol hide",
      logins.map((u, i) =>
        call("POST", `/api/post_hide/${posts[(i + 40) % posts.length]}/`, { headers: bearer(u.access) }),
      ),
    );
    await run(
      "twimbol report",
      logins.map((u, i) =>
        call("POST", `/api/post_report/${posts[(i + 60) % posts.length]}/`, {
          headers: bearer(u.access),
          json: { reason: "spam" },
        }),
      ),
    );
    await run(
      "twimbol block",
      logins.map((u, i) =>
        call("POST", "/user/profile/block/", { headers: bearer(u.access), json: { user_id: cookies[i].id } }),
      ),
    );
    await run(
      "twimbol register",
      Array.from({ length: REPEAT }, (_, i) => {
        const username = `cap_${ctx.runId}_${i}`;
        return call("POST", "/user/api/register/", {
          json: {
            username,
            email: `${username}@example.com`,
            password: ctx.password,
            birthday: "2001-02-03",
          },
        });
      }),
    );
    await run(
      "twimbol notification preferences",
      logins.map((u) =>
        call("PATCH", "/api/notifications/preferences/", {
          headers: bearer(u.access),
          json: { likes_notifications: false },
        }),
      ),
    );
    await run(
      "twimbol wrong password",
      Array.from({ length: REPEAT }, (_, i) =>
        call("POST", "/user/login/", {
          json: { username: someone(i + 2 * REPEAT), password: "not the password" },
        }),
      ),
    );
    await run(
      "twimbol forgot password",
      Array.from({ length: REPEAT }, (_, i) =>
        call("POST", "/user/forgot-password/", { json: { email: `${someone(i + 3 * REPEAT)}@example.com` } }),
      ),
    );
    // Cocotree: half the signed-in users ask the other half; the answer asked back accepts at once and opens their chat.
    const half = logins.length / 2;
    const [askers, asked] = [logins.slice(0, half), logins.slice(half)];
    await run(
      "cocotree friend request",
      askers.map((u, i) =>
        call("POST", "/users/friends/request/", { headers: bearer(u.access), json: { id: asked[i].id } }),
      ),
    );
    await run(
      "cocotree friend accept",
      asked.map((u, i) =>
        call("POST", "/users/friends/request/", { headers: bearer(u.access), json: { id: askers[i].id } }),
      ),
    );
    const chatOf = async (a, b) =>
      (
        await d1
          .prepare(
            "SELECT m.chat_id AS id FROM chat_members m JOIN chat_members o ON o.chat_id = m.chat_id WHERE m.user_id = ? AND o.user_id = ?",
          )
          .bind(a, b)
          .first()
      )?.id;
    const chats = await Promise.all(askers.map((u, i) => chatOf(u.id, asked[i].id)));
    await run(
      "cocotree send message",
      Array.from({ length: REPEAT }, (_, i) => {
        const k = i % half;
        const from = i < half ? askers[k] : asked[k];
        return call("POST", `/messages/send_message/${chats[k]}/`, {
          headers: bearer(from.access),
          json: { content: `capacity ${i}`, message_type: "text" },
        });
      }),
    );
    // Tables the bench does not seed (sessions, tokens, …): their bytes per row from the rows this run left.
    await service.release();
    const ro = new (await import("node:sqlite")).DatabaseSync(d1File(service.dir), { readOnly: true });
    let usedBytesPerRow;
    try {
      usedBytesPerRow = Object.fromEntries(
        Object.entries(tableSizes(ro))
          .filter(([, t]) => t.rows > 0)
          .map(([name, t]) => [name, Math.round(t.used / t.rows)]),
      );
    } finally {
      ro.close();
    }
    return {
      method: `bench/server.mjs startService (workerd via Miniflare, COUNT_QUERIES=true) seeded with ${USERS} users; each action ${REPEAT} times; headers averaged; rowsAdded = change in each table's row count per request; usedBytesPerRow = dbstat bytes in use (table and indexes) per row of the file after the run`,
      users: USERS,
      results: out,
      usedBytesPerRow,
    };
  } finally {
    await service.stop().catch(() => undefined);
  }
}

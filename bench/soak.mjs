// npm run soak [-- --clients 64 --seconds 60 --users 512]
// Starts the service on this machine the way `npm run bench` does (the deployable bundle on
// workerd through Miniflare, a seeded local D1), then keeps `clients` simulated users active side
// by side for `seconds`, each from its own client IP (a `CF-Connecting-IP: 10.77.x.y` header;
// every request goes to 127.0.0.1), and finally checks the database against what they saw land.
// Exits 1 on any 5xx, unexpected status, lost connection, workerd crash or integrity mismatch.
import http from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bearer } from "./context.mjs";
import { bounded } from "./flags.mjs";
import { percentile, send } from "./load.mjs";
import { workerdCpuSeconds } from "./proc-cpu.mjs";
import { BENCH_PASSWORD, seed, seededName } from "./seed.mjs";
import { ROOT, buildBundle, startService } from "./server.mjs";
import { Ledger, compare, readState } from "./soak-state.mjs";

/** scrypt N=2^10 instead of production's 2^15: logins stay in the mix without dominating it. */
const LOG_N = 10;
/**
 * Production's limit (wrangler.toml), so the limiter's KV writes are the ones production would
 * make; one simulated user sends far less in a minute, so it never throttles.
 */
const RATE_LIMIT_PER_MINUTE = 600;
/** At most one rate-limiter KV write per this many requests, or the soak fails. */
const KV_WRITE_EVERY = 20;
const WRONG_PASSWORD = "not-the-Bench-pass-1";

const OUT = join(ROOT, "bench/.out");
const { values: flags } = parseArgs({
  options: {
    clients: { type: "string", default: process.env.SOAK_CLIENTS ?? "64" },
    seconds: { type: "string", default: process.env.SOAK_SECONDS ?? "60" },
    users: { type: "string", default: process.env.SOAK_USERS },
  },
});
const clients = Math.floor(bounded(flags.clients, 1, 256, "clients"));
const options = {
  clients,
  seconds: bounded(flags.seconds, 1, 600, "seconds"),
  users: Math.floor(bounded(flags.users ?? 8 * clients, clients, 4000, "users")),
};

const stopping = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => stopping.abort());
const log = (msg) => process.stderr.write(`[soak] ${msg}\n`);

/**
 * What a user does during a visit, one action at a time; weights are relative. A page is the
 * three GETs a client fires at once when it opens a screen.
 */
const ACTIONS = [
  { name: "page", weight: 20, run: page },
  { name: "profile", weight: 10, run: (u) => readProfile(u, u.rng() < 0.5 ? "game" : "twimbol") },
  { name: "notifications", weight: 10, run: (u) => notifications(u, "twimbol") },
  { name: "refresh", weight: 8, run: refresh },
  { name: "follow", weight: 15, run: follow },
  { name: "patch", weight: 15, run: patchProfile },
  { name: "relogin", weight: 4, run: relogin },
];
const TOTAL_WEIGHT = ACTIONS.reduce((sum, a) => sum + a.weight, 0);
const VISIT_ACTIONS = { min: 4, max: 12 };

const stats = {
  latencies: [],
  statuses: new Map(),
  routes: new Map(),
  serverErrors: new Map(),
  unexpected: new Map(),
  staleReads: [],
  profileReads: 0,
  visits: 0,
  resetRetries: 0,
  /** Rate-limiter KV writes the answers reported (X-KV-Writes, under COUNT_QUERIES). */
  kvWrites: 0,
  kvWritesReported: 0,
};
const ledger = new Ledger();
let agent;
let baseUrl;

await main();

async function main() {
  mkdirSync(OUT, { recursive: true });
  log("building the bundle (wrangler deploy --dry-run)");
  const bundle = buildBundle(join(OUT, "bundle"));
  log(
    `starting the service on workerd (PASSWORD_HASH_LOG_N=${LOG_N}, RATE_LIMIT_PER_MINUTE=${RATE_LIMIT_PER_MINUTE})`,
  );
  const service = await startService(bundle, { vars: { PASSWORD_HASH_LOG_N: LOG_N, RATE_LIMIT_PER_MINUTE } });
  let failed = true;
  try {
    const db = await service.mf.getD1Database("DB");
    // The seed's hash at the service's cost, so logins do not rehash and write.
    const seedLines = await seed(db, { users: Math.max(1000, Math.ceil(options.users / 2)), logN: LOG_N });
    seedLines.forEach((l) => log(`  seeded ${l}`));
    baseUrl = service.url;
    agent = new http.Agent({ keepAlive: true, maxSockets: 3 * options.clients });

    const users = Array.from({ length: options.users }, (_, i) => newUser(i, options.users));
    log(`${options.clients} clients, ${options.users} users, ${options.seconds} s`);
    const cpuBefore = workerdCpuSeconds();
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    const progress = setInterval(
      () => log(`  ${stats.latencies.length} requests, ${count5xx()} × 5xx`),
      10_000,
    );
    try {
      await Promise.all(
        Array.from({ length: options.clients }, (_, j) =>
          client(
            users.filter((u) => u.i % options.clients === j),
            users,
            deadline,
          ),
        ),
      );
    } finally {
      clearInterval(progress);
      agent.destroy();
    }
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = workerdCpuSeconds();
    // A restarted workerd starts its clock again: then there is no figure.
    const cpu = cpuBefore === null || cpuAfter === null || cpuAfter < cpuBefore ? null : cpuAfter - cpuBefore;

    log("integrity check");
    const { checked, mismatches } = compare(ledger, await readState(db, ledger.userIds()));
    const report = summary({
      elapsed,
      cpu,
      seedLines,
      checked,
      mismatches: [...stats.staleReads, ...mismatches],
      crashes: service.crashes(),
    });
    writeFileSync(join(OUT, "soak-latest.md"), `${report.text}\n`);
    process.stdout.write(`\n${report.text}\n`);
    failed = report.failed;
  } finally {
    await service.stop();
  }
  process.exitCode = failed ? 1 : 0;
}

/**
 * User i: even ones are seeded accounts that log in, odd ones register (through the game API
 * or Twimbol's, alternately). Each has its own IP and random stream, so a run is reproducible
 * in its mix if not in its timing. Follow targets are a few other users, fixed, so every
 * directed pair has one writer.
 */
function newUser(i, count) {
  const n = i + 1;
  const targets = [1, 5, 17].map((d) => (i + d) % count).filter((t) => t !== i);
  return {
    i,
    ip: `10.77.${n >> 8}.${n & 255}`,
    username: i % 2 === 0 ? seededName(1 + i / 2) : `soak_user_${i}`,
    registers: i % 2 === 1 ? (i % 4 === 1 ? "game" : "twimbol") : null,
    targets,
    id: null,
    cookie: "",
    access: "",
    refresh: "",
    writes: 0,
    broken: false,
    rng: mulberry32(0x50a4 + i),
  };
}

/**
 * One client: its users take turns, one visit at a time, so a user never runs in two places at
 * once and its writes have a well-defined order. Many users per client, as a real isolate serves
 * many clients: each visit after a pause opens with a page from an IP the limiter has not seen
 * this minute.
 */
async function client(mine, users, deadline) {
  const running = () => performance.now() < deadline && !stopping.signal.aborted;
  for (let v = 0; running(); v++) {
    const live = mine.filter((u) => !u.broken);
    if (!live.length) return;
    await visit(live[v % live.length], users, running);
  }
}

/** The first visit signs in (registers or logs in); later ones open with a page on the credentials kept. */
async function visit(user, users, running) {
  stats.visits += 1;
  if (user.id === null) {
    if (!(await signIn(user))) {
      user.broken = true;
      return;
    }
  } else {
    await page(user, users);
  }
  const steps = VISIT_ACTIONS.min + Math.floor(user.rng() * (VISIT_ACTIONS.max - VISIT_ACTIONS.min + 1));
  for (let s = 0; s < steps && running(); s++) {
    let roll = user.rng() * TOTAL_WEIGHT;
    const action = ACTIONS.find((a) => (roll -= a.weight) < 0) ?? ACTIONS[0];
    await action.run(user, users);
  }
}

async function signIn(user) {
  if (user.registers === "game") {
    const res = await call(user, "game register", 201, {
      method: "POST",
      path: "/users/register/",
      body: { username: user.username, password1: BENCH_PASSWORD, password2: BENCH_PASSWORD },
    });
    if (res.status !== 201) return false;
  } else if (user.registers === "twimbol") {
    const body = {
      username: user.username,
      email: `${user.username}@example.com`,
      password: BENCH_PASSWORD,
      birthday: "2001-02-03",
    };
    const res = await call(user, "twimbol register", 201, {
      method: "POST",
      path: "/user/api/register/",
      body,
    });
    if (res.status !== 201) return false;
  }
  return (await cookieLogin(user)) && (await tokenLogin(user)) && (await readProfile(user, "twimbol"));
}

async function cookieLogin(user) {
  const res = await call(user, "game login", 200, {
    method: "POST",
    path: "/users/login/",
    body: { username: user.username, password: BENCH_PASSWORD },
  });
  if (res.status !== 200) return false;
  user.id = parse(res).id;
  user.cookie =
    [res.headers["set-cookie"] ?? []]
      .flat()
      .find((l) => l.startsWith("sessionid="))
      ?.split(";")[0] ?? "";
  return true;
}

async function tokenLogin(user) {
  const res = await call(user, "twimbol login", 200, {
    method: "POST",
    path: "/user/login/",
    body: { username: user.username, password: BENCH_PASSWORD },
  });
  if (res.status !== 200) return false;
  const body = parse(res);
  user.id = body.user.id;
  user.access = body.access;
  user.refresh = body.refresh;
  return true;
}

function auth(user, api) {
  return api === "game" ? { Cookie: user.cookie } : bearer(user.access);
}

/** Reads the user's own profile and holds it to the user's own last write. */
async function readProfile(user, api) {
  const res =
    api === "game"
      ? await call(user, "game own profile", 200, {
          method: "GET",
          path: `/users/${user.id}/`,
          headers: auth(user, api),
        })
      : await call(user, "twimbol own profile", 200, {
          method: "GET",
          path: "/user/api/profile/",
          headers: auth(user, api),
        });
  if (res.status !== 200) return false;
  const body = parse(res);
  const lastName = api === "game" ? body.last_name : body[0].user.last_name;
  stats.profileReads += 1;
  if (!ledger.readName(user.id, lastName)) {
    stats.staleReads.push(
      `user ${user.id}: ${api} profile read last_name ${JSON.stringify(lastName)} after its write ${JSON.stringify(ledger.names.get(user.id).value)} landed`,
    );
  }
  return true;
}

function notifications(user, api) {
  return call(user, "notifications", 200, {
    method: "GET",
    path: "/api/notifications/",
    headers: auth(user, api),
  });
}

/** What a client sends when it opens a page: three GETs at once, with the credential it holds. */
async function page(user) {
  const api = user.rng() < 0.5 ? "game" : "twimbol";
  const leaderboard = call(user, "leaderboard", 200, {
    method: "GET",
    path: "/users/leaderboard/?limit=50",
    headers: auth(user, api),
  });
  await Promise.all([readProfile(user, api), notifications(user, api), leaderboard]);
}

async function refresh(user) {
  const res = await call(user, "token refresh", 200, {
    method: "POST",
    path: "/api/token/refresh/",
    body: { refresh: user.refresh },
  });
  if (res.status === 200) user.access = parse(res).access;
}

async function follow(user, users) {
  const target = users[user.targets[Math.floor(user.rng() * user.targets.length)]];
  if (!target?.id) return;
  const api = user.rng() < 0.5 ? "game" : "twimbol";
  const res = await call(user, "follow toggle", 200, {
    method: "POST",
    path: "/user/profile/follow/",
    headers: auth(user, api),
    body: { user_id: target.id },
  });
  const detail = res.status === 200 ? parse(res).detail : "";
  ledger.toggledFollow(user.id, target.id, /^Successfully followed /.test(detail), res.status);
}

/** A new last_name through one API or the other: the game's JSON PATCH or Twimbol's multipart form. */
async function patchProfile(user) {
  const value = `soak ${user.i} #${++user.writes}`;
  let res;
  if (user.rng() < 0.5) {
    res = await call(user, "game patch", 200, {
      method: "PATCH",
      path: `/users/${user.id}/`,
      headers: auth(user, "game"),
      body: { last_name: value },
    });
  } else {
    const boundary = `soak${user.i}x${user.writes}`;
    const raw = `--${boundary}\r\nContent-Disposition: form-data; name="last_name"\r\n\r\n${value}\r\n--${boundary}--\r\n`;
    const headers = { ...auth(user, "twimbol"), "Content-Type": `multipart/form-data; boundary=${boundary}` };
    res = await call(user, "twimbol patch", 200, {
      method: "PATCH",
      path: `/user/api/update/${user.id}/`,
      headers,
      raw,
    });
  }
  ledger.wroteName(user.id, value, res.status);
}

/**
 * Logs out and in again through one API; one time in three the user first mistypes the password.
 * A success follows every miss, so no account ever nears the lockout (5 in a row).
 */
async function relogin(user) {
  const api = user.rng() < 0.5 ? "game" : "twimbol";
  const path = api === "game" ? "/users/login/" : "/user/login/";
  if (user.rng() < 1 / 3) {
    await call(user, `${api} wrong password`, 401, {
      method: "POST",
      path,
      body: { username: user.username, password: WRONG_PASSWORD },
    });
  }
  if (api === "game") {
    await call(user, "game logout", 200, {
      method: "POST",
      path: "/users/logout/",
      headers: auth(user, api),
    });
    await cookieLogin(user);
  } else {
    await call(user, "twimbol logout", 302, {
      method: "POST",
      path: "/user/logout/",
      headers: auth(user, api),
    });
    await tokenLogin(user);
  }
}

/** One request from the user's IP, timed and tallied; `expected` is the status this step should get. */
async function call(user, label, expected, request) {
  const headers = { "CF-Connecting-IP": user.ip, ...request.headers };
  const t0 = performance.now();
  let res = await send(agent, baseUrl, { ...request, headers }, { keepBody: true });
  if (res.status === 0 && res.error === "ECONNRESET") {
    // A keep-alive socket the server closed as the client reused it (nothing was answered
    // on it): browsers retry such a request once on a new connection, and so does the soak.
    stats.resetRetries += 1;
    res = await send(undefined, baseUrl, { ...request, headers }, { keepBody: true });
  }
  const ms = performance.now() - t0;
  stats.latencies.push(ms);
  if (res.headers?.["x-kv-writes"] !== undefined) {
    stats.kvWrites += Number(res.headers["x-kv-writes"]);
    stats.kvWritesReported += 1;
  }
  bump(stats.statuses, res.status);
  const route = stats.routes.get(label) ?? { latencies: [], fives: 0, unexpected: 0 };
  stats.routes.set(label, route);
  route.latencies.push(ms);
  if (res.status >= 500) {
    route.fives += 1;
    // The API's own error envelope carries X-Request-Id; an answer without one came from the runtime.
    const origin = res.headers?.["x-request-id"] ? "" : "[no X-Request-Id] ";
    tally(
      stats.serverErrors,
      `${origin}${JSON.stringify((res.text ?? "").slice(0, 300))}`,
      `${label} → ${res.status}`,
    );
  } else if (res.status !== expected) {
    route.unexpected += 1;
    const body = res.status === 0 ? `(${res.error})` : JSON.stringify((res.text ?? "").slice(0, 200));
    tally(stats.unexpected, `${label}: ${res.status} (expected ${expected}) ${body}`, label);
  }
  return res;
}

/**
 * Counts one bad answer under `key`, with the wall-clock seconds into the minute of the first few:
 * the rate limiter's windows are whole minutes, so failures that bunch at :00 point at it.
 */
function tally(map, key, first) {
  const seen = map.get(key) ?? { count: 0, first, at: [] };
  seen.count += 1;
  if (seen.at.length < 8) seen.at.push(`:${((Date.now() % 60_000) / 1000).toFixed(3).padStart(6, "0")}`);
  map.set(key, seen);
}

function parse(res) {
  try {
    return JSON.parse(res.text);
  } catch {
    return {};
  }
}

function summary({ elapsed, cpu, seedLines, checked, mismatches, crashes }) {
  const total = stats.latencies.length;
  const sorted = stats.latencies.sort((a, b) => a - b);
  const fives = count5xx();
  const unexpected = [...stats.unexpected.values()].reduce((sum, u) => sum + u.count, 0);
  const lines = [
    `Soak: ${options.clients} clients × ${options.seconds} s, ${options.users} users taking turns (${stats.visits} visits), one client IP per user (CF-Connecting-IP 10.77.x.y), loopback to workerd via Miniflare`,
    `Service: PASSWORD_HASH_LOG_N=${LOG_N} (scrypt N=2^${LOG_N}, not production's 2^15, so logins do not dominate), RATE_LIMIT_PER_MINUTE=${RATE_LIMIT_PER_MINUTE}`,
    `Data set: ${seedLines.join("; ")}`,
    "",
    `Requests: ${total} in ${elapsed.toFixed(1)} s = ${(total / elapsed).toFixed(0)} req/s; latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms; workerd CPU ${cpu === null ? "n/a" : `${((cpu * 1000) / total).toFixed(1)} ms/request (${((100 * cpu) / elapsed).toFixed(0)} % of a core)`}`,
    `Rate-limiter KV writes: ${stats.kvWritesReported ? `${stats.kvWrites} for ${stats.kvWritesReported} answers that reported them (${stats.kvWrites ? `one per ${(stats.kvWritesReported / stats.kvWrites).toFixed(0)} requests` : "none"})` : "not reported (no X-KV-Writes header)"}`,
    `Statuses: ${[...stats.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(", ")}`,
    `5xx: ${fives}`,
    ...[...stats.serverErrors].map(
      ([body, { count, first, at }]) => `  ${count}× ${body} (first: ${first}; at ${at.join(" ")})`,
    ),
    `Unexpected statuses (not 5xx; 0 = lost connection): ${unexpected}`,
    ...[...stats.unexpected].map(([key, { count, at }]) => `  ${count}× ${key} (at ${at.join(" ")})`),
    `Connection resets retried once on a new connection (not counted above unless the retry failed too): ${stats.resetRetries}`,
    `workerd crashes: ${crashes}`,
    `Integrity: ${checked} final values checked (last_name per user, follow state per toggled pair) and ${stats.profileReads} own-profile reads; ${mismatches.length} mismatches`,
    ...mismatches.slice(0, 50).map((m) => `  ${m}`),
    ...(mismatches.length > 50 ? [`  … and ${mismatches.length - 50} more`] : []),
    "",
    "| step | requests | p50 ms | p99 ms | 5xx | other unexpected |",
    "|---|--:|--:|--:|--:|--:|",
    ...[...stats.routes].map(([label, r]) => {
      const s = r.latencies.sort((a, b) => a - b);
      return `| ${label} | ${s.length} | ${percentile(s, 50).toFixed(1)} | ${percentile(s, 99).toFixed(1)} | ${r.fives} | ${r.unexpected} |`;
    }),
  ];
  // Issue 20's budget: a KV write costs about 16 requests, so at most one per 20.
  const kvOver = stats.kvWrites * KV_WRITE_EVERY > stats.kvWritesReported;
  if (kvOver)
    lines.push("", `Over budget: more than one rate-limiter KV write per ${KV_WRITE_EVERY} requests`);
  const failed = fives > 0 || unexpected > 0 || crashes > 0 || mismatches.length > 0 || kvOver;
  lines.push("", failed ? "FAILED" : "OK");
  return { text: lines.join("\n"), failed };
}

function count5xx() {
  return [...stats.serverErrors.values()].reduce((sum, e) => sum + e.count, 0);
}

function bump(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** A small seeded PRNG, so each user's mix of actions is the same run to run. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

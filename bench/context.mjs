// What route setups share: a small JSON client for set-up calls and probes, the users whose
// password the bench knows, and logins done once and reused by every route that needs them.
import { BENCH_PASSWORD, POPULAR_USERS, seededName } from "./seed.mjs";

const SETUP_TIMEOUT_MS = 30_000;
/** Users the bench logs in as for authenticated routes (each login costs one scrypt hash). */
const POOL_SIZE = POPULAR_USERS;

/** A route the server does not serve (yet): reported as skipped, not as a failure. */
export class Skip extends Error {}

export const bearer = (token) => ({ Authorization: `Bearer ${token}` });

/**
 * Locally the pool is seeded users and logins spread over all `users` of them. Against
 * --base-url the bench registers its own pool through the public API (a taken username is fine:
 * it is the pool of an earlier run, same password) and logs in only as those.
 */
export async function createContext({ baseUrl, users, seeded }) {
  const ctx = {
    baseUrl,
    runId: Date.now().toString(36),
    password: BENCH_PASSWORD,
    pool: [],
    call,
    loginName: (i) => (seeded ? seededName(1 + ((i * 7919) % users)) : ctx.pool[i % ctx.pool.length]),
    cookies: once(() =>
      loginAll(ctx, "/users/login/", (res) => ({ id: res.body.id, cookie: sessionCookie(res.headers) })),
    ),
    tokens: once(() =>
      loginAll(ctx, "/user/login/", (res) => ({ id: res.body.user?.id, access: res.body.access })),
    ),
  };
  async function call(method, path, { json, headers = {} } = {}) {
    const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(SETUP_TIMEOUT_MS) };
    if (json !== undefined) {
      init.body = JSON.stringify(json);
      init.headers["Content-Type"] = "application/json";
    }
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, headers: res.headers, body, text };
  }
  for (let k = 0; k < POOL_SIZE; k++) {
    const username = seeded ? seededName(k + 1) : `bench_pool_${k}`;
    if (!seeded) {
      const res = await call("POST", "/users/register/", {
        json: { username, password1: BENCH_PASSWORD, password2: BENCH_PASSWORD },
      });
      if (res.status !== 201 && res.status !== 400)
        throw new Error(`registering pool user ${username}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    ctx.pool.push(username);
  }
  return ctx;
}

/** Logs every pool user in through one login route; a 404 means that API is not served yet. */
async function loginAll(ctx, path, pick) {
  const out = [];
  for (const username of ctx.pool) {
    const res = await ctx.call("POST", path, { json: { username, password: ctx.password } });
    if (res.status === 404) throw new Skip(`404 at ${path}`);
    if (res.status !== 200)
      throw new Error(`login ${path} as ${username}: ${res.status} ${res.text.slice(0, 200)}`);
    out.push({ username, ...pick(res) });
  }
  return out;
}

function sessionCookie(headers) {
  const line = headers.getSetCookie().find((l) => l.startsWith("sessionid="));
  return line ? line.split(";")[0] : "";
}

function once(fn) {
  let memo;
  return () => (memo ??= fn());
}

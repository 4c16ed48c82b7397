import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makeUser, makeUserWithToken, testDeps } from "../helpers/factories";

/**
 * Races between a login (or a password-change guess) and the change of the password it
 * checks. Hashing is made slow here (scrypt 2^13, the cost the routes run at through
 * `vars`) so that requests really overlap, as the ~180 ms production hash makes them.
 */
const SLOW = { PASSWORD_HASH_LOG_N: "13" };
const slowUser = async () => {
  const deps = testDeps();
  deps.hashParams = { logN: 13, r: 8, p: 3 };
  return makeUser({}, deps);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The password changes at the worst instant of a login: right as the login records its
 * success. A trigger makes that instant exact (the change a concurrent request would
 * commit while the login hashes); racing real requests only hits it by luck.
 */
async function changeWhenLoginRecords(userId: number) {
  const name = `race_${userId}`;
  await env.DB.exec(
    `CREATE TRIGGER ${name} AFTER UPDATE OF last_login ON users WHEN NEW.id = ${userId} BEGIN ` +
      `UPDATE users SET password_hash = 'changed', credentials_version = credentials_version + 1 WHERE id = ${userId}; ` +
      `DELETE FROM sessions WHERE user_id = ${userId}; END`,
  );
  return () => env.DB.exec(`DROP TRIGGER ${name}`);
}

describe("a login racing a password change", () => {
  it("a token login gets no session that outlives the change", async () => {
    const user = await makeUser();
    const drop = await changeWhenLoginRecords(user.id);
    const res = await new Client().post("/user/login/", { username: user.username, password: user.password }).finally(drop);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "No active account found with the given credentials" });
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").bind(user.id).first();
    expect(sessions).toEqual({ n: 0 });
  });

  it("a game login gets no cookie that outlives the change", async () => {
    const user = await makeUser();
    const client = new Client();
    const drop = await changeWhenLoginRecords(user.id);
    const res = await client.post("/users/login/", { username: user.username, password: user.password }).finally(drop);
    expect(res.status).toBe(401);
    expect(client.cookies.has("sessionid")).toBe(false);
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").bind(user.id).first();
    expect(sessions).toEqual({ n: 0 });
  });

  it("parallel logins racing a real password change leave no working credential", async () => {
    const user = await slowUser();
    const changer = await new Client({}, SLOW).post("/user/login/", { username: user.username, password: user.password });
    const logins = Array.from({ length: 8 }, (_, i) =>
      sleep(i * 25).then(() => new Client({}, SLOW).post("/user/login/", { username: user.username, password: user.password })),
    );
    const change = sleep(60).then(() =>
      new Client({}, SLOW).withToken(changer.body.access).put("/user/change-password/", { old_password: user.password, new_password: "Changed-mid-login-77" }),
    );
    const [changed, ...replies] = await Promise.all([change, ...logins]);
    expect(changed.status).toBe(200);
    const survivors = [];
    for (const r of replies.filter((r) => r.status === 200)) {
      const me = await new Client().withToken(r.body.access).get("/user/api/profile/");
      const refreshed = await new Client().post("/api/token/refresh/", { refresh: r.body.refresh });
      if (me.status !== 401 || refreshed.status !== 401) survivors.push({ me: me.status, refresh: refreshed.status });
    }
    expect(survivors).toEqual([]);
    // The session that made the change is the one that stays (issue 10, finding 4).
    expect((await new Client().withToken(changer.body.access).get("/user/api/profile/")).status).toBe(200);
  }, 30_000);
});

describe("password-change guesses under concurrency", () => {
  it("tests at most five guesses: the right one sent after 40 wrong ones in parallel is refused", async () => {
    const u = await makeUserWithToken();
    const client = () => new Client({}, SLOW).withToken(u.access);
    const wrong = Array.from({ length: 40 }, (_, i) => client().put("/user/change-password/", { old_password: `wrong-${i}`, new_password: "Never-lands-1234" }));
    const right = sleep(30).then(() => client().put("/user/change-password/", { old_password: u.password, new_password: "Should-not-land-99" }));
    const replies = await Promise.all([...wrong, right]);
    const last = replies.at(-1)!;
    expect(last.status).not.toBe(200);
    const wrongAnswers = replies.slice(0, -1).filter((r) => r.status === 400).length;
    expect(wrongAnswers).toBeLessThanOrEqual(4);
    // The password did not change, the account is locked and its old password is refused for now.
    const row = await env.DB.prepare("SELECT failed_logins, locked_until FROM users WHERE id = ?").bind(u.id).first<{ failed_logins: number; locked_until: number }>();
    expect(row!.failed_logins).toBe(5);
    expect(row!.locked_until).toBeGreaterThan(Date.now());
    expect((await new Client().post("/user/login/", { username: u.username, password: u.password })).status).toBe(403);
  }, 30_000);
});

describe("lockout of unknown usernames", () => {
  it("the sixth try answers exactly as it does for an existing account", async () => {
    const known = await makeUser();
    const unknown = `nobody_${crypto.randomUUID().slice(0, 8)}`;
    const tries = async (username: string) => {
      const replies = [];
      for (let i = 0; i < 6; i++) replies.push(await new Client().post("/user/login/", { username, password: "wrong-password" }));
      return replies.map((r) => [r.status, r.body]);
    };
    const forKnown = await tries(known.username);
    const forUnknown = await tries(unknown);
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.at(-1)).toEqual([403, forKnown.at(-1)![1]]);
  });

  it("stores a bounded key whatever name is sent (no client can fill D1 with names)", async () => {
    const long = `ghost_${"x".repeat(50_000)}`;
    const res = await new Client().post("/user/login/", { username: long, password: "wrong-password" });
    expect(res.status).toBe(401);
    const row = await env.DB.prepare("SELECT max(length(login_key)) AS n FROM login_throttles").first("n");
    expect(row).toBe(64);
  });

  it("holds under parallel tries: at most five are hashed, the rest are refused as locked", async () => {
    const unknown = `nobody_${crypto.randomUUID().slice(0, 8)}`;
    const replies = await Promise.all(Array.from({ length: 20 }, () => new Client().post("/user/login/", { username: unknown, password: "wrong-password" })));
    expect(replies.filter((r) => r.status === 401).length).toBeLessThanOrEqual(4);
    expect(replies.filter((r) => r.status === 403).length).toBeGreaterThanOrEqual(16);
  });
});

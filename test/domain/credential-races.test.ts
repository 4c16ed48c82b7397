import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makeUser, makeUserWithToken, testDeps } from "../helpers/factories";
import { PanelClient } from "../helpers/panel";

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
    const res = await new Client()
      .post("/user/login/", { username: user.username, password: user.password })
      .finally(drop);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "No active account found with the given credentials" });
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?")
      .bind(user.id)
      .first();
    expect(sessions).toEqual({ n: 0 });
  });

  it("a game login gets no cookie that outlives the change", async () => {
    const user = await makeUser();
    const client = new Client();
    const drop = await changeWhenLoginRecords(user.id);
    const res = await client
      .post("/users/login/", { username: user.username, password: user.password })
      .finally(drop);
    expect(res.status).toBe(401);
    expect(client.cookies.has("sessionid")).toBe(false);
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?")
      .bind(user.id)
      .first();
    expect(sessions).toEqual({ n: 0 });
  });

  it("parallel logins racing a real password change leave no working credential", async () => {
    const user = await slowUser();
    const changer = await new Client({}, SLOW).post("/user/login/", {
      username: user.username,
      password: user.password,
    });
    const logins = Array.from({ length: 8 }, (_, i) =>
      sleep(i * 25).then(() =>
        new Client({}, SLOW).post("/user/login/", { username: user.username, password: user.password }),
      ),
    );
    const change = sleep(60).then(() =>
      new Client({}, SLOW)
        .withToken(changer.body.access)
        .put("/user/change-password/", { old_password: user.password, new_password: "Changed-mid-login-77" }),
    );
    const [changed, ...replies] = await Promise.all([change, ...logins]);
    expect(changed.status).toBe(200);
    const survivors = [];
    for (const r of replies.filter((r) => r.status === 200)) {
      const me = await new Client().withToken(r.body.access).get("/user/api/profile/");
      const refreshed = await new Client().post("/api/token/refresh/", { refresh: r.body.refresh });
      if (me.status !== 401 || refreshed.status !== 401)
        survivors.push({ me: me.status, refresh: refreshed.status });
    }
    expect(survivors).toEqual([]);
    // The session that made the change is the one that stays (issue 10, finding 4).
    expect((await new Client().withToken(changer.body.access).get("/user/api/profile/")).status).toBe(200);
  }, 30_000);
});

describe("password-change guesses under concurrency", () => {
  it("tests at most five of 40 parallel wrong guesses; the rest are told to come back, none that they failed", async () => {
    const u = await makeUserWithToken();
    const client = () => new Client({}, SLOW).withToken(u.access);
    const wrong = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        client().put("/user/change-password/", {
          old_password: `wrong-${i}`,
          new_password: "Never-lands-1234",
        }),
      ),
    );
    // The first five take the slots; four fail as wrong, the fifth locks. Every other one is told
    // to come back (while those five are in flight) or, after them, that the account is locked.
    const counts = tally(wrong);
    expect(counts[400]).toBe(4);
    expect(counts[403]).toBeGreaterThanOrEqual(1);
    expect((counts[403] ?? 0) + (counts[429] ?? 0)).toBe(36);
    for (const r of wrong.filter((r) => r.status === 429)) {
      expect(r.body).toEqual({ detail: "Request was throttled. Expected available in 1 seconds." });
      expect(r.headers.get("Retry-After")).toBe("1");
    }
    // Five real failures: the account is locked, its old password refused for now.
    const row = await env.DB.prepare(
      "SELECT failed_logins, locked_until, guesses_in_flight FROM users WHERE id = ?",
    )
      .bind(u.id)
      .first<{ failed_logins: number; locked_until: number; guesses_in_flight: number }>();
    expect(row!.failed_logins).toBe(5);
    expect(row!.locked_until).toBeGreaterThan(Date.now());
    expect(row!.guesses_in_flight).toBe(0);
    expect(
      (await new Client().post("/user/login/", { username: u.username, password: u.password })).status,
    ).toBe(403);
  }, 30_000);
});

type Counts = Record<number, number>;
const tally = (replies: { status: number }[]): Counts =>
  replies.reduce<Counts>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});
const lockRow = (id: number) =>
  env.DB.prepare("SELECT failed_logins, locked_until, guesses_in_flight FROM users WHERE id = ?")
    .bind(id)
    .first<{ failed_logins: number; locked_until: number | null; guesses_in_flight: number }>();

describe("an honest lockout (issue 19 item 3)", () => {
  it("16 parallel logins with the right password: none is told 'locked'; each refused one is a 429 that succeeds on retry", async () => {
    const user = await slowUser();
    const replies = await Promise.all(
      Array.from({ length: 16 }, () =>
        new Client({}, SLOW).post("/user/login/", { username: user.username, password: user.password }),
      ),
    );
    const counts = tally(replies);
    // Before: 6 × 200 and 10 × 403 "Locked out due to too many login failures", though nobody failed.
    expect(Object.keys(counts).sort()).toEqual(counts[429] ? ["200", "429"] : ["200"]);
    expect(counts[200]).toBeGreaterThanOrEqual(5);
    for (const r of replies.filter((r) => r.status === 429)) {
      expect(r.body).toEqual({ detail: "Request was throttled. Expected available in 1 seconds." });
      expect(r.headers.get("Retry-After")).toBe("1");
      const again = await new Client({}, SLOW).post("/user/login/", {
        username: user.username,
        password: user.password,
      });
      expect(again.status).toBe(200);
    }
    expect(await lockRow(user.id)).toEqual({ failed_logins: 0, locked_until: null, guesses_in_flight: 0 });
  }, 30_000);

  it("right and wrong passwords mixed in parallel: a right one is 'locked' only after five real failures, and at most five wrong ones are tested", async () => {
    for (const wrongCount of [3, 8]) {
      const user = await slowUser();
      const passwords = Array.from({ length: 16 }, (_, i) =>
        i % 2 === 0 && i / 2 < wrongCount ? `wrong-${i}` : user.password,
      );
      const replies = await Promise.all(
        passwords.map((password) =>
          new Client({}, SLOW).post("/user/login/", { username: user.username, password }),
        ),
      );
      const right = replies.filter((_, i) => passwords[i] === user.password);
      const wrong = replies.filter((_, i) => passwords[i] !== user.password);
      expect(right.every((r) => [200, 403, 429].includes(r.status))).toBe(true);
      expect(wrong.every((r) => [401, 403, 429].includes(r.status))).toBe(true);
      expect(wrong.filter((r) => r.status !== 429).length).toBeLessThanOrEqual(5);
      const row = await lockRow(user.id);
      expect(row!.guesses_in_flight).toBe(0);
      if (replies.some((r) => r.status === 403)) expect(row!.failed_logins).toBe(5);
      // Three wrong guesses can never make five failures.
      if (wrongCount === 3) expect(replies.filter((r) => r.status === 403)).toEqual([]);
    }
  }, 60_000);

  it("a guess refused for want of a slot is a 429 with Retry-After in each login route's envelope", async () => {
    const user = await makeUser();
    // Five guesses in flight, as parallel requests would hold them at this instant.
    await env.DB.prepare("UPDATE users SET guesses_in_flight = 5, guesses_in_flight_until = ? WHERE id = ?")
      .bind(Date.now() + 60_000, user.id)
      .run();
    const credentials = { username: user.username, password: user.password };
    const game = await new Client().post("/users/login/", credentials);
    expect([game.status, game.body, game.headers.get("Retry-After")]).toEqual([
      429,
      { errors: "Request was throttled. Expected available in 1 seconds." },
      "1",
    ]);
    const twimbol = await new Client().post("/user/login/", credentials);
    expect([twimbol.status, twimbol.body, twimbol.headers.get("Retry-After")]).toEqual([
      429,
      { detail: "Request was throttled. Expected available in 1 seconds." },
      "1",
    ]);
    const cocotree = await new Client().post("/auth/login", credentials);
    expect([cocotree.status, cocotree.body, cocotree.headers.get("Retry-After")]).toEqual([
      429,
      {
        success: false,
        message: "Request was throttled. Expected available in 1 seconds.",
        code: 1,
        status: 429,
      },
      "1",
    ]);
    const panel = new PanelClient();
    const signIn = await panel.signIn(user.username, user.password);
    expect(signIn.status).toBe(429);
    expect(signIn.headers.get("Retry-After")).toBe("1");
    expect(signIn.text).toContain("Other sign-ins to this account are being checked right now.");
    // Nothing failed, so nothing is locked; once a slot is free the right password works.
    await env.DB.prepare("UPDATE users SET guesses_in_flight = 4 WHERE id = ?").bind(user.id).run();
    expect((await new Client().post("/user/login/", credentials)).status).toBe(200);
    expect(await lockRow(user.id)).toEqual({ failed_logins: 0, locked_until: null, guesses_in_flight: 4 });
  });
});

describe("lockout of unknown usernames", () => {
  it("the sixth try answers exactly as it does for an existing account", async () => {
    const known = await makeUser();
    const unknown = `nobody_${crypto.randomUUID().slice(0, 8)}`;
    const tries = async (username: string) => {
      const replies = [];
      for (let i = 0; i < 6; i++)
        replies.push(await new Client().post("/user/login/", { username, password: "wrong-password" }));
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

  it("holds under parallel tries: at most five are hashed, the fifth failure locks, the rest come back later", async () => {
    const unknown = `nobody_${crypto.randomUUID().slice(0, 8)}`;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        new Client().post("/user/login/", { username: unknown, password: "wrong-password" }),
      ),
    );
    const counts = tally(replies);
    expect(counts[401]).toBe(4);
    expect(counts[403]).toBeGreaterThanOrEqual(1);
    expect((counts[403] ?? 0) + (counts[429] ?? 0)).toBe(16);
    expect(
      (await new Client().post("/user/login/", { username: unknown, password: "wrong-password" })).status,
    ).toBe(403);
  });
});

describe("a confirmed edit racing a password change", () => {
  it("a refused new password (the password changed meanwhile) writes none of the edit's other fields", async () => {
    const me = await makeUserWithToken();
    // The owner's password changes at the worst instant: after the edit read the account and
    // reserved its guess, before its batch (a trigger makes that instant exact).
    const name = `race_edit_${me.id}`;
    await env.DB.exec(
      `CREATE TRIGGER ${name} AFTER UPDATE OF guesses_in_flight ON users WHEN NEW.id = ${me.id} AND NEW.guesses_in_flight > OLD.guesses_in_flight BEGIN ` +
        `UPDATE users SET password_hash = 'changed' WHERE id = ${me.id}; END`,
    );
    const res = await new Client()
      .withToken(me.access)
      .patch("/users/user_details/sensitive/", {
        validation_password: me.password,
        password: "Changed-by-the-edit-55",
        email: "taken-over@example.com",
      })
      .finally(() => env.DB.exec(`DROP TRIGGER ${name}`));
    expect(res.status).toBe(401);
    const row = await env.DB.prepare("SELECT email, password_hash FROM users WHERE id = ?")
      .bind(me.id)
      .first();
    expect(row).toEqual({ email: me.email, password_hash: "changed" });
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { logIn, type Credentials } from "../../src/domain/auth/authenticate";
import { anonymousCtx } from "../../src/domain/context";
import type { Deps } from "../../src/domain/deps";
import { GUESS_SLOT_MS, LOCKOUT_MS } from "../../src/domain/auth/lockout";
import { DomainError } from "../../src/domain/errors";
import { FakeClock } from "../helpers/clock";
import { deactivate, makeUser, testDeps } from "../helpers/factories";

const authenticate = (deps: Deps, credentials: Credentials) =>
  logIn(anonymousCtx(deps), { ...credentials, route: { id: "test", kind: "token" }, client: {} });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: DomainError) => (e.reason ? `${e.code}:${e.reason}` : e.code),
  );

describe("authenticate: lockout", () => {
  it("locks after five failures for fifteen minutes, then lets the right password in", async () => {
    const clock = new FakeClock();
    const deps = testDeps({ clock });
    const user = await makeUser({}, deps);
    for (let i = 0; i < 4; i++)
      expect(await codeOf(authenticate(deps, { username: user.username, password: "nope" }))).toBe(
        "INVALID_CREDENTIALS:bad_password",
      );
    expect(await codeOf(authenticate(deps, { username: user.username, password: "nope" }))).toBe("LOCKED");
    await deps.settle();
    clock.advance(LOCKOUT_MS - 1000);
    expect(await codeOf(authenticate(deps, { username: user.username, password: user.password }))).toBe(
      "LOCKED",
    );
    clock.advance(2000);
    expect(await codeOf(authenticate(deps, { username: user.username, password: user.password }))).toBe("OK");
  });

  it("after a lock expires, the count starts again from one", async () => {
    const clock = new FakeClock();
    const deps = testDeps({ clock });
    const user = await makeUser({}, deps);
    for (let i = 0; i < 5; i++)
      await codeOf(authenticate(deps, { username: user.username, password: "nope" }));
    await deps.settle();
    clock.advance(LOCKOUT_MS + 1000);
    expect(await codeOf(authenticate(deps, { username: user.username, password: "nope" }))).toBe(
      "INVALID_CREDENTIALS:bad_password",
    );
    const row = await env.DB.prepare("SELECT failed_logins FROM users WHERE id = ?")
      .bind(user.id)
      .first<{ failed_logins: number }>();
    expect(row!.failed_logins).toBe(1);
  });

  it("a locked account is refused from the KV cache before D1 or hashing", async () => {
    const deps = testDeps();
    const user = await makeUser({}, deps);
    for (let i = 0; i < 5; i++)
      await codeOf(authenticate(deps, { username: user.username, password: "nope" }));
    await deps.settle();
    expect(await env.KV.get(`lock:${user.username.toLowerCase()}`)).toBeTruthy();
    // Even if D1 says otherwise (e.g. mid-replication), the cached lock refuses first. No verb
    // makes D1 and the cache disagree, so the write is SQL.
    await env.DB.prepare("UPDATE users SET locked_until = NULL WHERE id = ?").bind(user.id).run();
    expect(await codeOf(authenticate(deps, { username: user.username, password: user.password }))).toBe(
      "LOCKED",
    );
  });

  it("slots held by guesses whose requests died expire: the account is never shut for good", async () => {
    const clock = new FakeClock();
    const deps = testDeps({ clock });
    const user = await makeUser({}, deps);
    // Five reservations whose requests never came back (an evicted isolate): no verb leaves that, so the write is SQL.
    await env.DB.prepare("UPDATE users SET guesses_in_flight = 5, guesses_in_flight_until = ? WHERE id = ?")
      .bind(clock.now().getTime() + GUESS_SLOT_MS, user.id)
      .run();
    expect(await codeOf(authenticate(deps, { username: user.username, password: user.password }))).toBe(
      "RATE_LIMITED:guesses_in_flight",
    );
    expect(await codeOf(authenticate(deps, { username: user.username, password: "nope" }))).toBe(
      "RATE_LIMITED:guesses_in_flight",
    );
    clock.advance(GUESS_SLOT_MS + 1);
    expect(await codeOf(authenticate(deps, { username: user.username, password: user.password }))).toBe("OK");
    const row = await env.DB.prepare("SELECT failed_logins, guesses_in_flight FROM users WHERE id = ?")
      .bind(user.id)
      .first();
    expect(row).toEqual({ failed_logins: 0, guesses_in_flight: 0 });
  });

  it("a refused guess records nothing: failures and guesses in flight never make more than five", async () => {
    const deps = testDeps();
    const user = await makeUser({}, deps);
    for (let i = 0; i < 3; i++)
      await codeOf(authenticate(deps, { username: user.username, password: "nope" }));
    await env.DB.prepare("UPDATE users SET guesses_in_flight = 2, guesses_in_flight_until = ? WHERE id = ?")
      .bind(Date.now() + GUESS_SLOT_MS, user.id)
      .run();
    expect(await codeOf(authenticate(deps, { username: user.username, password: "nope" }))).toBe(
      "RATE_LIMITED:guesses_in_flight",
    );
    const row = await env.DB.prepare(
      "SELECT failed_logins, locked_until, guesses_in_flight FROM users WHERE id = ?",
    )
      .bind(user.id)
      .first();
    expect(row).toEqual({ failed_logins: 3, locked_until: null, guesses_in_flight: 2 });
  });

  it("unknown users and inactive users get their own reasons", async () => {
    const deps = testDeps();
    expect(await codeOf(authenticate(deps, { username: "no_such_user_x", password: "whatever" }))).toBe(
      "INVALID_CREDENTIALS:unknown_user",
    );
    const user = await makeUser({}, deps);
    await deactivate(user.id);
    expect(await codeOf(authenticate(deps, { username: user.username, password: user.password }))).toBe(
      "INVALID_CREDENTIALS:inactive",
    );
  });
});

describe("authenticate: password hashes", () => {
  it("stores scrypt hashes and upgrades an old cost on the next login", async () => {
    const cheap = testDeps();
    cheap.hashParams = { logN: 3, r: 8, p: 3 };
    const user = await makeUser({}, cheap);
    const before = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(user.id)
      .first<{ password_hash: string }>();
    expect(before!.password_hash).toMatch(/^scrypt\$3\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const deps = testDeps();
    await authenticate(deps, { username: user.username, password: user.password });
    const after = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(user.id)
      .first<{ password_hash: string }>();
    expect(after!.password_hash.startsWith(`scrypt$${deps.hashParams.logN}$8$3$`)).toBe(true);
    expect(await codeOf(authenticate(deps, { username: user.username, password: user.password }))).toBe("OK");
  });
});

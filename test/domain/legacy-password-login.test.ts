import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Client, UntypedClient, expectStatus } from "../helpers/client";
import { makeUser } from "../helpers/factories";
import djangoMade from "../fixtures/django-hashes/django.json";
import nodeMade from "../fixtures/django-hashes/node.json";

const vector = (label: string) =>
  [...nodeMade.vectors, ...djangoMade.vectors].find((v) => v.label === label)!;

/** A user whose stored hash is the Django one `npm run import` would have written, and its password. */
async function importedUser(label: string) {
  const { password, django } = vector(label);
  const user = await makeUser();
  await env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ?")
    .bind(`django:${django}`, user.id)
    .run();
  return { ...user, password };
}

const storedOf = (id: number) =>
  env.DB.prepare("SELECT password_hash, failed_logins FROM users WHERE id = ?")
    .bind(id)
    .first<{ password_hash: string; failed_logins: number }>();

const LOGINS = [
  { api: "the game", path: "/users/login/" },
  { api: "Twimbol", path: "/user/login/" },
  { api: "Cocotree", path: "/auth/login" },
] as const;

describe("login with a password hash imported from Django", () => {
  it.each(LOGINS)(
    "$api's $path accepts the old password and stores it as this service's scrypt",
    async ({ path }) => {
      const user = await importedUser("pbkdf2_sha1, 20,000 iterations (Django 1.x)");
      expectStatus(
        await new UntypedClient().post(path, { username: user.username, password: user.password }),
        200,
      );
      const after = await storedOf(user.id);
      expect(after!.password_hash).toMatch(/^scrypt\$/);
      // The upgraded hash is the same password, through every other API too.
      for (const other of LOGINS)
        expectStatus(
          await new UntypedClient().post(other.path, { username: user.username, password: user.password }),
          200,
        );
    },
  );

  it("a wrong password is counted by the lockout and leaves the imported hash as it was", async () => {
    const user = await importedUser("md5, salted");
    const res = await new Client().post("/users/login/", {
      username: user.username,
      password: "not-the-old-password",
    });
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "Invalid password." });
    expect(await storedOf(user.id)).toEqual({
      password_hash: `django:${vector("md5, salted").django}`,
      failed_logins: 1,
    });
  });

  it("Django's unusable password (`!…`) means no password login at all", async () => {
    const user = await makeUser();
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ?")
      .bind("django:!Xn3Tq4b1kR9mV0cLhP2sWy7Ue5ZaJ8dG6fQiOtNr", user.id)
      .run();
    for (const password of ["", "!", "!Xn3Tq4b1kR9mV0cLhP2sWy7Ue5ZaJ8dG6fQiOtNr", user.password]) {
      const res = await new UntypedClient().post("/user/login/", { username: user.username, password });
      expect(res.status).not.toBe(200);
    }
    expect((await storedOf(user.id))!.password_hash).toMatch(/^django:!/);
  });

  it("parallel logins with the old password upgrade the hash once, and every one that succeeded holds a working session", async () => {
    const user = await importedUser("unsalted sha1");
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        new UntypedClient().post("/user/login/", { username: user.username, password: user.password }),
      ),
    );
    // A login whose hash was rewritten under it by a parallel one fails as a wrong guess would (the guarded batch).
    expect(results.some((r) => r.status === 200)).toBe(true);
    for (const r of results) expect([200, 401]).toContain(r.status);
    expect((await storedOf(user.id))!.password_hash).toMatch(/^scrypt\$/);
    for (const r of results.filter((r) => r.status === 200)) {
      const access = (r.body as { access: string }).access;
      expectStatus(await new UntypedClient().withToken(access).get("/user/api/profile/"), 200);
    }
  });
});

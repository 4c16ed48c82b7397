// Issue 25 item 3: the last active admin stays, even when two admins who have both passed their
// admin check act on each other at once (the race the batch guard closes; requests through the
// Worker here rarely interleave that far, so the verbs run with both viewers resolved first).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb, type QueryCounter } from "../../src/db/client";
import { isLastAdminRefusal, keepsAnAdmin } from "../../src/domain/admin/admin-group";
import { adminUpdateUser } from "../../src/domain/admin/update-user";
import { adminDeleteUser } from "../../src/domain/admin/user-actions";
import { ctxFor } from "../../src/domain/context";
import type { Deps } from "../../src/domain/deps";
import { DomainError } from "../../src/domain/errors";
import { deleteUser } from "../../src/domain/users/close-account";
import { makeUserWithToken, testDeps, viewerOf } from "../helpers/factories";

const activeAdmins = async () =>
  (
    await env.DB.prepare(
      "SELECT u.id FROM user_groups g JOIN users u ON u.id = g.user_id WHERE g.name = 'admin' AND u.is_active = 1 AND u.is_banned = 0 AND u.deleted_at IS NULL ORDER BY u.id",
    ).all<{ id: number }>()
  ).results.map((r) => r.id);
const onlyAdmins = (...ids: number[]) =>
  env.DB.prepare(`DELETE FROM user_groups WHERE name = 'admin' AND user_id NOT IN (${ids.join(",")})`).run();

async function twoAdmins() {
  const deps = testDeps();
  const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
  const b = await makeUserWithToken({ groups: ["visitor", "admin"] });
  await onlyAdmins(a.id, b.id);
  return {
    a,
    b,
    asA: ctxFor(deps, await viewerOf(a.access, deps)),
    asB: ctxFor(deps, await viewerOf(b.access, deps)),
  };
}

/**
 * Deps whose first batch waits for `meanwhile` to run first: what another request does between
 * a verb's reads and its batch, made certain instead of hoped for.
 */
function interleaved(deps: Deps, meanwhile: () => Promise<unknown>): Deps {
  let ran = false;
  const db = new Proxy(deps.db, {
    get(target, key) {
      if (key === "batch")
        return async (...args: Parameters<Deps["db"]["batch"]>) => {
          if (!ran) await meanwhile();
          ran = true;
          return target.batch(...args);
        };
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...deps, db };
}

/** One admin and one plain user; `promoteThenLeave` makes the user an admin and deletes the old admin's account. */
async function oneAdminAndAUser() {
  const deps = testDeps();
  const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
  const t = await makeUserWithToken({ groups: ["visitor"] });
  await onlyAdmins(a.id);
  const asA = ctxFor(deps, await viewerOf(a.access, deps));
  const promoteThenLeave = async () => {
    await env.DB.prepare("INSERT INTO user_groups (user_id, name) VALUES (?, 'admin')").bind(t.id).run();
    await deleteUser(asA);
  };
  return { deps, a, t, asA, asT: ctxFor(deps, await viewerOf(t.access, deps)), promoteThenLeave };
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "done",
    (err: unknown) => (err instanceof DomainError ? `${err.code}:${err.reason}` : String(err)),
  );

describe("the last active admin", () => {
  it("two admins banning each other at once: one ban commits, the other is refused as last_admin", async () => {
    const { a, b, asA, asB } = await twoAdmins();
    const results = await Promise.all([
      outcome(adminUpdateUser(asA, { userId: b.id, patch: { isBanned: true } })),
      outcome(adminUpdateUser(asB, { userId: a.id, patch: { isBanned: true } })),
    ]);
    expect(results.sort()).toEqual(["CONFLICT:last_admin", "done"]);
    expect(await activeAdmins()).toHaveLength(1);
  });

  it("one deletes the other while the other deactivates the first: one active admin is left", async () => {
    const { a, b, asA, asB } = await twoAdmins();
    const results = await Promise.all([
      outcome(adminDeleteUser(asA, { userId: b.id })),
      outcome(adminUpdateUser(asB, { userId: a.id, patch: { isActive: false } })),
    ]);
    expect(results.sort()).toEqual(["CONFLICT:last_admin", "done"]);
    expect(await activeAdmins()).toHaveLength(1);
  });

  it("a demotion and a ban at once: one active admin is left", async () => {
    const { a, b, asA, asB } = await twoAdmins();
    const results = await Promise.all([
      outcome(adminUpdateUser(asA, { userId: b.id, patch: { groups: ["visitor"] } })),
      outcome(adminUpdateUser(asB, { userId: a.id, patch: { isBanned: true } })),
    ]);
    expect(results.sort()).toEqual(["CONFLICT:last_admin", "done"]);
    expect(await activeAdmins()).toHaveLength(1);
  });

  describe("a promotion landing between a verb's read and its batch (the read said: not an admin)", () => {
    it("a ban of the newly promoted last admin is refused as last_admin", async () => {
      const { deps, a, t, asA, promoteThenLeave } = await oneAdminAndAUser();
      const racing = { ...asA, deps: interleaved(deps, promoteThenLeave) };
      expect(await outcome(adminUpdateUser(racing, { userId: t.id, patch: { isBanned: true } }))).toBe(
        "CONFLICT:last_admin",
      );
      expect(await activeAdmins()).toEqual([t.id]);
      expect(a.id).not.toBe(t.id);
    });

    it("a demotion of the newly promoted last admin is refused as last_admin", async () => {
      const { deps, t, asA, promoteThenLeave } = await oneAdminAndAUser();
      const racing = { ...asA, deps: interleaved(deps, promoteThenLeave) };
      expect(await outcome(adminUpdateUser(racing, { userId: t.id, patch: { groups: ["visitor"] } }))).toBe(
        "CONFLICT:last_admin",
      );
      expect(await activeAdmins()).toEqual([t.id]);
    });

    it("the newly promoted last admin's own deletion is refused as last_admin", async () => {
      const { deps, t, asT, promoteThenLeave } = await oneAdminAndAUser();
      const racing = { ...asT, deps: interleaved(deps, promoteThenLeave) };
      expect(await outcome(deleteUser(racing))).toBe("CONFLICT:last_admin");
      expect(await activeAdmins()).toEqual([t.id]);
    });

    it("a plain user's own deletion still goes through when no active admin exists at all", async () => {
      const { t, asT } = await oneAdminAndAUser();
      await env.DB.prepare("DELETE FROM user_groups WHERE name = 'admin'").run();
      expect(await outcome(deleteUser(asT))).toBe("done");
      expect(
        await env.DB.prepare("SELECT deleted_at IS NOT NULL AS gone FROM users WHERE id = ?")
          .bind(t.id)
          .first("gone"),
      ).toBe(1);
    });
  });
});

describe("isLastAdminRefusal", () => {
  it("finds the guard's failure under the causes D1 and drizzle wrap it in", () => {
    const d1 = new Error("D1_ERROR: NOT NULL constraint failed: user_groups.user_id: SQLITE_CONSTRAINT");
    expect(isLastAdminRefusal(d1)).toBe(true);
    expect(
      isLastAdminRefusal(
        new Error("Failed query: insert into user_groups …", {
          cause: new Error("D1_ERROR: batch failed", { cause: d1 }),
        }),
      ),
    ).toBe(true);
    expect(
      isLastAdminRefusal(
        new Error("Failed query", { cause: new Error("UNIQUE constraint failed: users.username_key") }),
      ),
    ).toBe(false);
    expect(isLastAdminRefusal(undefined)).toBe(false);
  });
});

describe("the guard's cost", () => {
  it("reads a handful of rows whatever the number of accounts, in every batch it now joins", async () => {
    const { a } = await twoAdmins();
    const plain = await makeUserWithToken({ groups: ["visitor"] });
    const tag = crypto.randomUUID().slice(0, 8);
    await env.DB.prepare(
      "WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 300) INSERT INTO users (username, username_key, email, password_hash, date_joined) SELECT ?1 || value, ?1 || value, ?1 || value || '@example.com', '!', 0 FROM n",
    )
      .bind(`bulk_${tag}_`)
      .run();
    await env.DB.prepare(
      "INSERT OR IGNORE INTO user_groups (user_id, name) SELECT id, 'visitor' FROM users",
    ).run();
    const rowsRead = async (whileAdmin?: number) => {
      const counter: QueryCounter = { count: 0, rowsRead: 0 };
      const deps = { ...testDeps(), db: createDb(env.DB, counter) };
      await deps.db.batch([keepsAnAdmin(deps, whileAdmin)]);
      return counter.rowsRead;
    };
    // A plain user's erase: one primary-key lookup finds no admin row, and the rest is not run.
    expect(await rowsRead(plain.id)).toBeGreaterThan(0);
    expect(await rowsRead(plain.id)).toBeLessThanOrEqual(2);
    // An admin's erase, and an admin's edit (no target check): the search stops at the first active admin.
    expect(await rowsRead(a.id)).toBeLessThanOrEqual(6);
    expect(await rowsRead()).toBeLessThanOrEqual(6);
  });
});

// Issue 25 item 3: the last active admin stays, even when two admins who have both passed their
// admin check act on each other at once (the race the batch guard closes; requests through the
// Worker here rarely interleave that far, so the verbs run with both viewers resolved first).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminUpdateUser } from "../../src/domain/admin/update-user";
import { adminDeleteUser } from "../../src/domain/admin/user-actions";
import { ctxFor } from "../../src/domain/context";
import { DomainError } from "../../src/domain/errors";
import { makeUserWithToken, testDeps, viewerOf } from "../helpers/factories";

const activeAdmins = async () =>
  (
    await env.DB.prepare(
      "SELECT u.id FROM user_groups g JOIN users u ON u.id = g.user_id WHERE g.name = 'admin' AND u.is_active = 1 AND u.is_banned = 0 AND u.deleted_at IS NULL ORDER BY u.id",
    ).all<{ id: number }>()
  ).results.map((r) => r.id);
const onlyAdmins = (...ids: number[]) => env.DB.prepare(`DELETE FROM user_groups WHERE name = 'admin' AND user_id NOT IN (${ids.join(",")})`).run();

async function twoAdmins() {
  const deps = testDeps();
  const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
  const b = await makeUserWithToken({ groups: ["visitor", "admin"] });
  await onlyAdmins(a.id, b.id);
  return { a, b, asA: ctxFor(deps, await viewerOf(a.access, deps)), asB: ctxFor(deps, await viewerOf(b.access, deps)) };
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
    const results = await Promise.all([outcome(adminDeleteUser(asA, { userId: b.id })), outcome(adminUpdateUser(asB, { userId: a.id, patch: { isActive: false } }))]);
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
});

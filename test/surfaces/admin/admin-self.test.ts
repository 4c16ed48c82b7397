// Issue 25 item 3: no admin bans, deactivates, deletes or demotes themself, through the JSON API or the panel,
// and no pair of parallel actions leaves no active admin (test/domain/last-active-admin.test.ts forces the interleaving).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makeUser, makeUserWithToken } from "../../helpers/factories";
import { signedIn } from "../../helpers/panel";

const SELF = { detail: "Admins cannot ban, deactivate, delete or demote their own account." };
const row = (id: number) =>
  env.DB.prepare("SELECT is_active, is_banned, deleted_at, score FROM users WHERE id = ?")
    .bind(id)
    .first<{ is_active: number; is_banned: number; deleted_at: number | null; score: number }>();
const groupsOf = async (id: number) =>
  (
    await env.DB.prepare("SELECT name FROM user_groups WHERE user_id = ? ORDER BY name")
      .bind(id)
      .all<{ name: string }>()
  ).results.map((r) => r.name);
/** Accounts in the admin group that can still sign in. */
const activeAdmins = async () =>
  (
    await env.DB.prepare(
      "SELECT u.id FROM user_groups g JOIN users u ON u.id = g.user_id WHERE g.name = 'admin' AND u.is_active = 1 AND u.is_banned = 0 AND u.deleted_at IS NULL ORDER BY u.id",
    ).all<{ id: number }>()
  ).results.map((r) => r.id);
/** Leaves only these accounts in the admin group, whatever other tests of this file made. */
const onlyAdmins = (...ids: number[]) =>
  env.DB.prepare(`DELETE FROM user_groups WHERE name = 'admin' AND user_id NOT IN (${ids.join(",")})`).run();

describe("an admin's own account, through the JSON admin API", () => {
  it("cannot be banned, deactivated or demoted by its admin (403, nothing written), though other fields may change", async () => {
    const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
    await makeUser({ groups: ["visitor", "admin"] }); // another admin: the refusal is not about the last one
    const api = new Client().withToken(a.access);
    for (const patch of [
      { is_banned: true },
      { is_active: false },
      { groups: ["visitor" as const], score: 7 },
      { groups: [] },
    ]) {
      const res = await api.patch(`/api/admin/users/${a.id}/`, patch);
      expectStatus(res, 403);
      expect(res.body).toEqual(SELF);
    }
    expect(await row(a.id)).toMatchObject({ is_active: 1, is_banned: 0, deleted_at: null, score: 0 });
    expect(await groupsOf(a.id)).toEqual(["admin", "visitor"]);
    expectStatus(
      await api.patch(`/api/admin/users/${a.id}/`, { score: 5, groups: ["admin", "creator"] }),
      200,
    );
    expect((await row(a.id))!.score).toBe(5);
  });

  it("cannot be deleted by its admin (403), while another admin may be", async () => {
    const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const b = await makeUser({ groups: ["visitor", "admin"] });
    const api = new Client().withToken(a.access);
    const res = await api.raw.delete(`/api/admin/users/${a.id}/`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(SELF);
    expect((await row(a.id))!.deleted_at).toBeNull();
    expect((await api.raw.delete(`/api/admin/users/${b.id}/`)).status).toBe(204);
  });
});

describe("the last active admin", () => {
  it("two admins banning each other at once: one ban goes through, one active admin is always left", async () => {
    const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const b = await makeUserWithToken({ groups: ["visitor", "admin"] });
    await onlyAdmins(a.id, b.id);
    // Several of each, so both callers pass their admin check before either ban commits.
    const replies = await Promise.all(
      [1, 2, 3, 4].flatMap(() => [
        new Client().withToken(a.access).raw.patch(`/api/admin/users/${b.id}/`, { is_banned: true }),
        new Client().withToken(b.access).raw.patch(`/api/admin/users/${a.id}/`, { is_banned: true }),
      ]),
    );
    expect(replies.some((r) => r.status === 200)).toBe(true);
    // The others are refused: as the last active admin (409), or because its caller is banned already (401/403).
    for (const r of replies.filter((r) => r.status !== 200)) expect([401, 403, 409]).toContain(r.status);
    expect(await activeAdmins()).toHaveLength(1);
  });

  it("two admins deactivating and deleting each other at once leave one active admin", async () => {
    const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const b = await makeUserWithToken({ groups: ["visitor", "admin"] });
    await onlyAdmins(a.id, b.id);
    const replies = await Promise.all(
      [1, 2, 3, 4].flatMap(() => [
        new Client().withToken(a.access).raw.delete(`/api/admin/users/${b.id}/`),
        new Client().withToken(b.access).raw.patch(`/api/admin/users/${a.id}/`, { is_active: false }),
      ]),
    );
    expect(replies.some((r) => r.status === 200 || r.status === 204)).toBe(true);
    // A repeated deletion finds the account gone (404).
    for (const r of replies.filter((r) => r.status !== 200 && r.status !== 204))
      expect([401, 403, 404, 409]).toContain(r.status);
    expect(await activeAdmins()).toHaveLength(1);
  });
});

describe("an admin's own account, through the panel", () => {
  it("the ban, deactivate and delete forms on one's own page are refused with a page saying why", async () => {
    const a = await makeUser({ groups: ["visitor", "admin"] });
    await makeUser({ groups: ["visitor", "admin"] });
    const panel = await signedIn(a);
    for (const action of ["ban", "deactivate", "delete"]) {
      const res = await panel.submit(`/admin/users/${a.id}/${action}/`);
      expect(res.status).toBe(403);
      expect(res.text).toContain("You cannot ban, deactivate, delete or demote your own account.");
    }
    expect(await row(a.id)).toMatchObject({ is_active: 1, is_banned: 0, deleted_at: null });
  });

  it("the save form without Admin ticked is refused on one's own page", async () => {
    const a = await makeUser({ groups: ["visitor", "admin"] });
    await makeUser({ groups: ["visitor", "admin"] });
    const panel = await signedIn(a);
    const res = await panel.submit(`/admin/users/${a.id}/save/`, { score: "0", groups: ["visitor"] });
    expect(res.status).toBe(403);
    expect(res.text).toContain("You cannot ban, deactivate, delete or demote your own account.");
    expect(await groupsOf(a.id)).toEqual(["admin", "visitor"]);
  });
});

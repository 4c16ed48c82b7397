// Issue 19 item 14: no admin may remove the last admin's `admin` group, through the API or the panel, even in parallel.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makeUser, makeUserWithToken } from "../../helpers/factories";
import { loggedInGameUser } from "../../helpers/game";
import { signedIn } from "../../helpers/panel";

const SELF = { detail: "Admins cannot ban, deactivate, delete or demote their own account." };
const admins = async () =>
  (
    await env.DB.prepare("SELECT user_id FROM user_groups WHERE name = 'admin' ORDER BY user_id").all<{
      user_id: number;
    }>()
  ).results.map((r) => r.user_id);
/** Leaves only these accounts in the admin group, whatever other tests of this file made. */
const onlyAdmins = (...ids: number[]) =>
  env.DB.prepare(`DELETE FROM user_groups WHERE name = 'admin' AND user_id NOT IN (${ids.join(",")})`).run();

describe("the last admin", () => {
  // Issue 25: leaving the group oneself is refused as such (403), last admin or not.
  it("cannot leave the admin group through the JSON API: 403, and nothing of the patch is written", async () => {
    const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
    await onlyAdmins(a.id);
    const res = await new Client()
      .withToken(a.access)
      .patch(`/api/admin/users/${a.id}/`, { groups: ["visitor"], score: 5 });
    expectStatus(res, 403);
    expect(res.body).toEqual(SELF);
    expect(await admins()).toEqual([a.id]);
    const row = await env.DB.prepare("SELECT score FROM users WHERE id = ?")
      .bind(a.id)
      .first<{ score: number }>();
    expect(row!.score).toBe(0);
    // With a second admin, that one may demote the first.
    const b = await makeUserWithToken({ groups: ["visitor", "admin"] });
    expectStatus(
      await new Client().withToken(b.access).patch(`/api/admin/users/${a.id}/`, { groups: ["visitor"] }),
      200,
    );
    expect(await admins()).toEqual([b.id]);
  });

  it("cannot delete their own account through any API while they are the last active admin: 409, and the account stays", async () => {
    const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
    await onlyAdmins(a.id);
    const me = new Client().withToken(a.access);
    const twimbol = await me.post("/user/delete/");
    expectStatus(twimbol, 409);
    expect(twimbol.body).toEqual({
      detail: expect.stringContaining("last active account in the admin group"),
    });
    const mediacms = await me.delete(`/api/v1/users/${a.username}`);
    expectStatus(mediacms, 409);
    expect(mediacms.body).toEqual({
      detail:
        "This would leave no active admin: the last active account in the admin group cannot be demoted, banned, deactivated or deleted.",
    });
    // Cocotree's deletion anonymises and deactivates: the same door, in Cocotree's envelope.
    const cocotree = await me.delete("/users/delete_account/");
    expectStatus(cocotree, 409);
    expect(cocotree.body).toEqual({
      code: 1,
      error:
        "This would leave no active admin: the last active account in the admin group cannot be demoted, banned, deactivated or deleted.",
    });
    expect(await admins()).toEqual([a.id]);
    expect(
      await env.DB.prepare("SELECT deleted_at, is_active, username FROM users WHERE id = ?")
        .bind(a.id)
        .first(),
    ).toEqual({ deleted_at: null, is_active: 1, username: a.username });
    // With a second active admin, the first may go.
    await makeUser({ groups: ["visitor", "admin"] });
    expectStatus(await me.post("/user/delete/"), 200);
  });

  it("cannot delete or deactivate their own account through the game either: 409 in the game's envelope, nothing written", async () => {
    const { user: a, client: game } = await loggedInGameUser({ groups: ["visitor", "admin"] });
    await onlyAdmins(a.id);
    const deleted = await game.delete(`/users/${a.id}/`);
    expectStatus(deleted, 409);
    expect(deleted.body).toEqual({
      errors:
        "This would leave no active admin: the last active account in the admin group cannot be demoted, banned, deactivated or deleted.",
    });
    const deactivated = await game.patch(`/users/${a.id}/`, { deactivate: true });
    expectStatus(deactivated, 409);
    expect(deactivated.body).toEqual({
      errors:
        "This would leave no active admin: the last active account in the admin group cannot be demoted, banned, deactivated or deleted.",
    });
    expect(
      await env.DB.prepare("SELECT deleted_at, is_active FROM users WHERE id = ?").bind(a.id).first(),
    ).toEqual({ deleted_at: null, is_active: 1 });
    expectStatus(await game.get(`/users/${a.id}/`), 200);
    // A plain user deactivates as before, admin or none.
    const { user: plain, client: other } = await loggedInGameUser();
    expectStatus(await other.patch(`/users/${plain.id}/`, { deactivate: true }), 200);
  });

  it("the panel's save form with no box ticked is refused for the last admin", async () => {
    const a = await makeUser({ groups: ["visitor", "admin"] });
    await onlyAdmins(a.id);
    const panel = await signedIn(a);
    const res = await panel.submit(`/admin/users/${a.id}/save/`, { score: "0" });
    expect(res.status).toBe(403);
    expect(res.text).toContain("You cannot ban, deactivate, delete or demote your own account.");
    expect(await admins()).toEqual([a.id]);
  });

  it("two admins demoting each other at once: one succeeds, one admin is always left", async () => {
    const a = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const b = await makeUserWithToken({ groups: ["visitor", "admin"] });
    await onlyAdmins(a.id, b.id);
    const replies = await Promise.all([
      new Client().withToken(a.access).raw.patch(`/api/admin/users/${b.id}/`, { groups: ["visitor"] }),
      new Client().withToken(b.access).raw.patch(`/api/admin/users/${a.id}/`, { groups: ["visitor"] }),
      new Client().withToken(a.access).raw.patch(`/api/admin/users/${a.id}/`, { groups: [] }),
      new Client().withToken(b.access).raw.patch(`/api/admin/users/${b.id}/`, { groups: [] }),
    ]);
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The others are refused: as the last admin (409), as self-demotions or because their caller is no longer an admin (403).
    for (const r of replies.filter((r) => r.status !== 200)) expect([403, 409]).toContain(r.status);
    expect(await admins()).toHaveLength(1);
  });
});

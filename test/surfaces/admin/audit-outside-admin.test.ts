// Issue 19 item 14: a change made by someone other than the owner is audited whichever route it came through.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makePost, makeUser, makeUserWithToken, uniqueName } from "../../helpers/factories";
import { PanelClient } from "../../helpers/panel";

const auditOf = async (objectId: number) =>
  (
    await env.DB.prepare(
      "SELECT actor_id, action, detail FROM admin_audit WHERE object_type = 'post' AND object_id = ? ORDER BY id",
    )
      .bind(objectId)
      .all()
  ).results;

describe("an admin changing someone else's post through Twimbol's routes", () => {
  it("PATCH and DELETE /api/posts/{id}/ write an audit row each; the author's own changes write none", async () => {
    const author = await makeUserWithToken();
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const post = await makePost(author.id);
    const asAdmin = new Client().withToken(admin.access);
    expectStatus(await asAdmin.patch(`/api/posts/${post.id}/`, { post_description: "moderated" }), 200);
    expect(await auditOf(post.id)).toEqual([
      {
        actor_id: admin.id,
        action: "post.edit",
        detail: JSON.stringify({ fields: ["description"], author: author.id }),
      },
    ]);
    expectStatus(await asAdmin.delete(`/api/posts/${post.id}/`), 204);
    expect((await auditOf(post.id)).map((r) => r.action)).toEqual(["post.edit", "post.remove"]);

    const own = await makePost(author.id);
    const asAuthor = new Client().withToken(author.access);
    expectStatus(await asAuthor.patch(`/api/posts/${own.id}/`, { post_title: "mine" }), 200);
    expectStatus(await asAuthor.delete(`/api/posts/${own.id}/`), 204);
    expect(await auditOf(own.id)).toEqual([]);
  });
});

describe("panel sign-ins", () => {
  const signIns = async (username: string) =>
    (
      await env.DB.prepare(
        "SELECT actor_id, actor_name, action, detail FROM admin_audit WHERE action LIKE 'panel.sign_in%' AND actor_name = ? ORDER BY id",
      )
        .bind(username)
        .all()
    ).results;

  it("a sign-in, a wrong password, an unknown name and a non-admin's right password are each on the audit log", async () => {
    const admin = await makeUser({ groups: ["visitor", "admin"] });
    const visitor = await makeUser();
    const ghost = uniqueName("ghost");
    expect((await new PanelClient().signIn(admin.username, "wrong-password-1")).status).toBe(401);
    expect((await new PanelClient().signIn(admin.username, admin.password)).status).toBe(303);
    expect((await new PanelClient().signIn(ghost, "whatever-password")).status).toBe(401);
    expect((await new PanelClient().signIn(visitor.username, visitor.password)).status).toBe(403);
    expect(await signIns(admin.username)).toEqual([
      {
        actor_id: 0,
        actor_name: admin.username,
        action: "panel.sign_in_failed",
        detail: JSON.stringify({ reason: "bad_password" }),
      },
      { actor_id: admin.id, actor_name: admin.username, action: "panel.sign_in", detail: "{}" },
    ]);
    expect(await signIns(ghost)).toEqual([
      {
        actor_id: 0,
        actor_name: ghost,
        action: "panel.sign_in_failed",
        detail: JSON.stringify({ reason: "unknown_user" }),
      },
    ]);
    expect(await signIns(visitor.username)).toEqual([
      {
        actor_id: visitor.id,
        actor_name: visitor.username,
        action: "panel.sign_in_failed",
        detail: JSON.stringify({ reason: "not_admin" }),
      },
    ]);
  });
});

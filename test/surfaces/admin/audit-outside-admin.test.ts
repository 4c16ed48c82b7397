// Issue 19 item 14: a change made by someone other than the owner is audited whichever route it came through.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makePost, makeUserWithToken } from "../../helpers/factories";

const auditOf = async (objectId: number) =>
  (await env.DB.prepare("SELECT actor_id, action, detail FROM admin_audit WHERE object_type = 'post' AND object_id = ? ORDER BY id").bind(objectId).all()).results;

describe("an admin changing someone else's post through Twimbol's routes", () => {
  it("PATCH and DELETE /api/posts/{id}/ write an audit row each; the author's own changes write none", async () => {
    const author = await makeUserWithToken();
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const post = await makePost(author.id);
    const asAdmin = new Client().withToken(admin.access);
    expectStatus(await asAdmin.patch(`/api/posts/${post.id}/`, { post_description: "moderated" }), 200);
    expect(await auditOf(post.id)).toEqual([{ actor_id: admin.id, action: "post.edit", detail: JSON.stringify({ fields: ["description"], author: author.id }) }]);
    expectStatus(await asAdmin.delete(`/api/posts/${post.id}/`), 204);
    expect((await auditOf(post.id)).map((r) => r.action)).toEqual(["post.edit", "post.remove"]);

    const own = await makePost(author.id);
    const asAuthor = new Client().withToken(author.access);
    expectStatus(await asAuthor.patch(`/api/posts/${own.id}/`, { post_title: "mine" }), 200);
    expectStatus(await asAuthor.delete(`/api/posts/${own.id}/`), 204);
    expect(await auditOf(own.id)).toEqual([]);
  });
});

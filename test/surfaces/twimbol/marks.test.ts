// seed 004 §6 Post Interactions: likes, hides and reports.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { block, like, makePost, makeUserWithToken, makeUsers, tokenFor } from "../../helpers/factories";
import { storedNotifications } from "../../helpers/notifications";
import { purgeAll } from "../../helpers/purge";

const NOT_AUTH = { detail: "Authentication credentials were not provided." };
const NOT_FOUND = { detail: "Not found." };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));

/** The stored count beside the rows it counts. */
async function likeCounts(postId: number) {
  const row = await env.DB.prepare(
    "SELECT like_count AS stored, (SELECT count(*) FROM post_likes WHERE post_id = posts.id) AS rows FROM posts WHERE id = ?",
  )
    .bind(postId)
    .first<{ stored: number; rows: number }>();
  return row!;
}

const asType = (postId: number, type: string) =>
  env.DB.prepare("UPDATE posts SET post_type = ? WHERE id = ?").bind(type, postId).run();

async function setup() {
  const author = await makeUserWithToken();
  const fan = await makeUserWithToken();
  const post = await makePost(author.id);
  return { author, fan, post, client: new Client().withToken(fan.access) };
}

describe("POST /api/post_likes/{post_id}/", () => {
  it("201 with the like; like_count goes up; the author is notified", async () => {
    const { author, fan, post, client } = await setup();
    // The mobile client sends an empty JSON object.
    const res = await client.post(`/api/post_likes/${post.id}/`, undefined, {
      body: "{}",
      headers: { "Content-Type": "application/json" },
    });
    expectStatus(res, 201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      post: post.id,
      created_at: expect.stringMatching(ISO),
      created_by: fan.id,
    });
    expect(await likeCounts(post.id)).toEqual({ stored: 1, rows: 1 });
    const [n] = await storedNotifications(author.id);
    expect(n).toMatchObject({
      message: `${fan.username} liked your post.`,
      page: "post",
      page_item_id: post.id,
      notification_type: "like",
      is_read: false,
    });
    const detail = await new Client().get(`/api/posts/${post.id}/`);
    expectStatus(detail, 200);
    expect(detail.body.like_count).toBe(1);
  });

  it("deleting the post keeps the author's notification and drops its link (§4)", async () => {
    const { author, fan, post, client } = await setup();
    expectStatus(await client.post(`/api/post_likes/${post.id}/`), 201);
    expectStatus(await new Client().withToken(author.access).delete(`/api/posts/${post.id}/`), 204);
    const [n] = await storedNotifications(author.id);
    expect(n).toMatchObject({
      message: `${fan.username} liked your post.`,
      page: "post",
      page_item_id: null,
      notification_type: "like",
    });
  });

  it("reels and videos alike; the notification opens the reel or the video", async () => {
    const { author, post, client } = await setup();
    const video = await makePost(author.id);
    await asType(post.id, "reel");
    await asType(video.id, "youtube_video");
    expectStatus(await client.post(`/api/post_likes/${post.id}/`), 201);
    expectStatus(await client.post(`/api/post_likes/${video.id}/`), 201);
    expect((await storedNotifications(author.id)).slice(0, 2).map((n) => [n.page, n.page_item_id])).toEqual([
      ["video", video.id],
      ["reel", post.id],
    ]);
  });

  it("liking your own post counts and notifies nobody", async () => {
    const author = await makeUserWithToken();
    const post = await makePost(author.id);
    const before = (await storedNotifications(author.id)).length;
    expectStatus(await new Client().withToken(author.access).post(`/api/post_likes/${post.id}/`), 201);
    expect(await likeCounts(post.id)).toEqual({ stored: 1, rows: 1 });
    expect(await storedNotifications(author.id)).toHaveLength(before);
  });

  it("the author's likes_notifications switch hides the notification from their list", async () => {
    const { author, fan, post, client } = await setup();
    const authorClient = new Client().withToken(author.access);
    expectStatus(
      await authorClient.patch("/api/notifications/preferences/", { likes_notifications: false }),
      200,
    );
    expectStatus(await client.post(`/api/post_likes/${post.id}/`), 201);
    const list = await authorClient.get("/api/notifications/");
    expectStatus(list, 200);
    expect(list.body.some((n) => n.message === `${fan.username} liked your post.`)).toBe(false);
  });

  it("400 on a second like; the count and the notifications stay", async () => {
    const { author, post, client } = await setup();
    expectStatus(await client.post(`/api/post_likes/${post.id}/`), 201);
    const again = await client.post(`/api/post_likes/${post.id}/`);
    expectStatus(again, 400);
    expect(again.body).toEqual({ detail: "You already liked this post." });
    expect(await likeCounts(post.id)).toEqual({ stored: 1, rows: 1 });
    expect((await storedNotifications(author.id)).filter((n) => n.notification_type === "like")).toHaveLength(
      1,
    );
  });

  it("401 without credentials, nothing written", async () => {
    const { post } = await setup();
    const res = await new Client().post(`/api/post_likes/${post.id}/`);
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTH);
    expect(await likeCounts(post.id)).toEqual({ stored: 0, rows: 0 });
  });

  it("404 for an unknown post, a non-numeric id or one past any integer", async () => {
    const { client } = await setup();
    for (const path of [
      "/api/post_likes/999999999/",
      "/api/post_likes/abc/",
      "/api/post_likes/99999999999999999999999/",
      "/api/post_likes/-1/",
    ]) {
      const res = await client.raw.post(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toEqual(NOT_FOUND);
    }
  });

  it("404 across a block either way, and nothing written", async () => {
    const { author, fan, post, client } = await setup();
    await block(author.id, fan.id);
    const res = await client.post(`/api/post_likes/${post.id}/`);
    expectStatus(res, 404);
    expect(res.body).toEqual(NOT_FOUND);
    const other = await makeUserWithToken();
    const theirs = await makePost(other.id);
    await block(fan.id, other.id);
    expectStatus(await client.post(`/api/post_likes/${theirs.id}/`), 404);
    expect(await likeCounts(post.id)).toEqual({ stored: 0, rows: 0 });
    expect(await likeCounts(theirs.id)).toEqual({ stored: 0, rows: 0 });
  });

  it("parallel duplicate likes: exactly one 201, the rest 400, one row, one notification", async () => {
    const { author, post, client } = await setup();
    const replies = await Promise.all(
      Array.from({ length: 12 }, () => client.post(`/api/post_likes/${post.id}/`)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(400)]);
    expect(await likeCounts(post.id)).toEqual({ stored: 1, rows: 1 });
    expect((await storedNotifications(author.id)).filter((n) => n.notification_type === "like")).toHaveLength(
      1,
    );
  });

  it("many users liking and unliking at once: like_count equals the rows", async () => {
    const author = await makeUserWithToken();
    const post = await makePost(author.id);
    const fans = await makeUsers(16);
    const clients = await Promise.all(
      fans.map(async (f) => new Client().withToken((await tokenFor(f.username, f.password)).access)),
    );
    // Half of them liked before; everyone then likes twice and unlikes once, all at the same time.
    for (const f of fans.slice(0, 8)) await like(f.id, post.id);
    await Promise.all(
      clients.flatMap((c) => [
        c.post(`/api/post_likes/${post.id}/`),
        c.delete(`/api/post_likes/${post.id}/`),
        c.post(`/api/post_likes/${post.id}/`),
      ]),
    );
    const { stored, rows } = await likeCounts(post.id);
    expect(stored).toBe(rows);
    await Promise.all(clients.map((c) => c.delete(`/api/post_likes/${post.id}/`)));
    expect(await likeCounts(post.id)).toEqual({ stored: 0, rows: 0 });
    // Seventeen users and about eighty requests: it timed out at 5 s in whole-suite runs on a loaded machine.
  }, 60_000);
});

describe("DELETE /api/post_likes/{post_id}/", () => {
  it("a deleted account's likes leave the counts too, with the cron that removes them; each count equals its rows throughout", async () => {
    const { fan, post, client } = await setup();
    const other = await makeUserWithToken();
    const second = await makePost(other.id);
    await like(fan.id, post.id);
    await like(fan.id, second.id);
    await like(other.id, second.id);
    expectStatus(await client.post("/user/delete/"), 200);
    expect(await likeCounts(post.id)).toEqual({ stored: 1, rows: 1 });
    await purgeAll();
    expect(await likeCounts(post.id)).toEqual({ stored: 0, rows: 0 });
    expect(await likeCounts(second.id)).toEqual({ stored: 1, rows: 1 });
  });

  it("204, the count goes down; a second one is 404", async () => {
    const { fan, post, client } = await setup();
    await like(fan.id, post.id);
    expect(await likeCounts(post.id)).toEqual({ stored: 1, rows: 1 });
    expectStatus(await client.delete(`/api/post_likes/${post.id}/`), 204);
    expect(await likeCounts(post.id)).toEqual({ stored: 0, rows: 0 });
    const again = await client.delete(`/api/post_likes/${post.id}/`);
    expectStatus(again, 404);
    expect(again.body).toEqual({ detail: "Like not found or you don't have permission to delete it." });
    expect(await likeCounts(post.id)).toEqual({ stored: 0, rows: 0 });
  });

  it("someone else's like is not yours to remove: 404, and it stays", async () => {
    const { fan, post } = await setup();
    await like(fan.id, post.id);
    const stranger = await makeUserWithToken();
    const res = await new Client().withToken(stranger.access).delete(`/api/post_likes/${post.id}/`);
    expectStatus(res, 404);
    expect(res.body).toEqual({ detail: "Like not found or you don't have permission to delete it." });
    expect(await likeCounts(post.id)).toEqual({ stored: 1, rows: 1 });
  });

  it("401 without credentials; 404 for an unknown post", async () => {
    const { client } = await setup();
    const anon = await new Client().delete("/api/post_likes/1/");
    expectStatus(anon, 401);
    expect(anon.body).toEqual(NOT_AUTH);
    const res = await client.delete("/api/post_likes/999999999/");
    expectStatus(res, 404);
    expect(res.body).toEqual(NOT_FOUND);
  });
});

describe("GET /api/post_likes/{post_id}/", () => {
  it("200: every like, newest first, public, as a plain list", async () => {
    const { post } = await setup();
    const [a, b] = await makeUsers(2);
    const first = await like(a!.id, post.id);
    const second = await like(b!.id, post.id);
    const res = await new Client().get(`/api/post_likes/${post.id}/`);
    expectStatus(res, 200);
    expect(res.body).toEqual([
      { id: second.id, post: post.id, created_at: second.createdAt.toISOString(), created_by: b!.id },
      { id: first.id, post: post.id, created_at: first.createdAt.toISOString(), created_by: a!.id },
    ]);
  });

  it("200 [] without likes; 404 for an unknown post, or across a block for a signed-in viewer", async () => {
    const { author, fan, post, client } = await setup();
    const empty = await new Client().get(`/api/post_likes/${post.id}/`);
    expectStatus(empty, 200);
    expect(empty.body).toEqual([]);
    const unknown = await new Client().get("/api/post_likes/999999999/");
    expectStatus(unknown, 404);
    expect(unknown.body).toEqual(NOT_FOUND);
    await block(fan.id, author.id);
    expectStatus(await client.get(`/api/post_likes/${post.id}/`), 404);
  });

  it("two statements whatever the number of likes", async () => {
    const { post } = await setup();
    const fans = await makeUsers(30);
    await like(fans[0]!.id, post.id);
    const one = await new Client().get(`/api/post_likes/${post.id}/`);
    expectStatus(one, 200);
    for (const f of fans.slice(1)) await like(f.id, post.id);
    const many = await new Client().get(`/api/post_likes/${post.id}/`);
    expectStatus(many, 200);
    expect(many.body).toHaveLength(30);
    expect(queries(one)).toBe(2);
    expect(queries(many)).toBe(2);
  });
});

describe("/api/post_hide/{post_id}/", () => {
  it("POST 201 with the hide, 400 the second time; the feed leaves the post out", async () => {
    const { fan, post, client } = await setup();
    const res = await client.post(`/api/post_hide/${post.id}/`);
    expectStatus(res, 201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      post: post.id,
      created_at: expect.stringMatching(ISO),
      created_by: fan.id,
    });
    const again = await client.post(`/api/post_hide/${post.id}/`);
    expectStatus(again, 400);
    expect(again.body).toEqual({ detail: "You already hid this post." });
    const detail = await client.get(`/api/posts/${post.id}/`);
    expectStatus(detail, 200);
    expect(detail.body.hidden_by_user).toBe(true);
  });

  it("parallel duplicate hides: exactly one 201", async () => {
    const { post, client } = await setup();
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => client.post(`/api/post_hide/${post.id}/`)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(400)]);
  });

  it("DELETE 204, then 404; someone else's hide stays", async () => {
    const { post, client } = await setup();
    expectStatus(await client.post(`/api/post_hide/${post.id}/`), 201);
    const stranger = await makeUserWithToken();
    const theirs = await new Client().withToken(stranger.access).delete(`/api/post_hide/${post.id}/`);
    expectStatus(theirs, 404);
    expect(theirs.body).toEqual({ detail: "Hide not found or you don't have permission to delete it." });
    expectStatus(await client.delete(`/api/post_hide/${post.id}/`), 204);
    const again = await client.delete(`/api/post_hide/${post.id}/`);
    expectStatus(again, 404);
    expect(again.body).toEqual({ detail: "Hide not found or you don't have permission to delete it." });
  });

  it("GET: 401 signed out; each caller sees only their own hide, as a list of at most one; 404 for an unknown post", async () => {
    const { author, fan, post, client } = await setup();
    const made = await client.post(`/api/post_hide/${post.id}/`);
    expectStatus(made, 201);
    const other = await makeUserWithToken();
    expectStatus(await new Client().withToken(other.access).post(`/api/post_hide/${post.id}/`), 201);
    const anonymous = await new Client().get(`/api/post_hide/${post.id}/`);
    expectStatus(anonymous, 401);
    expect(anonymous.body).toEqual(NOT_AUTH);
    const own = await client.get(`/api/post_hide/${post.id}/`);
    expectStatus(own, 200);
    expect(own.body).toEqual([
      { id: made.body.id, post: post.id, created_at: made.body.created_at, created_by: fan.id },
    ]);
    const byAuthor = await new Client().withToken(author.access).get(`/api/post_hide/${post.id}/`);
    expectStatus(byAuthor, 200);
    expect(byAuthor.body).toEqual([]);
    for (const res of [
      await new Client().post(`/api/post_hide/${post.id}/`),
      await new Client().delete(`/api/post_hide/${post.id}/`),
    ]) {
      expectStatus(res, 401);
      expect(res.body).toEqual(NOT_AUTH);
    }
    for (const unknown of [
      await client.post("/api/post_hide/999999999/"),
      await client.get("/api/post_hide/999999999/"),
    ]) {
      expectStatus(unknown, 404);
      expect(unknown.body).toEqual(NOT_FOUND);
    }
  });
});

describe("/api/post_report/{post_id}/", () => {
  it("POST 201: reason other and an empty description by default", async () => {
    const { fan, post, client } = await setup();
    const res = await client.post(`/api/post_report/${post.id}/`);
    expectStatus(res, 201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      post: post.id,
      reason: "other",
      description: "",
      created_at: expect.stringMatching(ISO),
      created_by: fan.id,
    });
  });

  it("POST 201 with a reason and a description (JSON or a form); 400 the second time", async () => {
    const { post, client } = await setup();
    const res = await client.post(`/api/post_report/${post.id}/`, {
      reason: "spam",
      description: "This post is spam.",
    });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({ reason: "spam", description: "This post is spam." });
    const again = await client.post(`/api/post_report/${post.id}/`, { reason: "hate" });
    expectStatus(again, 400);
    expect(again.body).toEqual({ detail: "You already reported this post." });
    const other = await makePost((await makeUserWithToken()).id);
    const form = await client.raw.post(`/api/post_report/${other.id}/`, undefined, {
      body: "reason=nsfw&description=no",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(201);
    expect(form.body).toMatchObject({ reason: "nsfw", description: "no" });
  });

  it("400 field errors for a reason outside the choices or a description that is not text", async () => {
    const { post, client } = await setup();
    const cases: [unknown, unknown][] = [
      [{ reason: "bogus" }, { reason: ['"bogus" is not a valid choice.'] }],
      [{ reason: 5 }, { reason: ['"5" is not a valid choice.'] }],
      [{ reason: "SPAM" }, { reason: ['"SPAM" is not a valid choice.'] }],
      [{ description: { a: 1 } }, { description: ["Not a valid string."] }],
      [{ description: "bad\u0000" }, { description: ["Null characters are not allowed."] }],
    ];
    for (const [body, errors] of cases) {
      const res = await client.raw.post(`/api/post_report/${post.id}/`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual(errors);
    }
    const malformed = await client.raw.post(`/api/post_report/${post.id}/`, undefined, {
      body: "{",
      headers: { "Content-Type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const list = await client.get(`/api/post_report/${post.id}/`);
    expectStatus(list, 200);
    expect(list.body).toEqual([]);
  });

  it("GET: 401 signed out; each reporter sees only their own report with its reason and description, others []", async () => {
    const { author, post } = await setup();
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    const first = await new Client()
      .withToken(a.access)
      .post(`/api/post_report/${post.id}/`, { reason: "abuse", description: "rude" });
    const second = await new Client()
      .withToken(b.access)
      .post(`/api/post_report/${post.id}/`, { reason: "false" });
    expectStatus(first, 201);
    expectStatus(second, 201);
    const anonymous = await new Client().get(`/api/post_report/${post.id}/`);
    expectStatus(anonymous, 401);
    expect(anonymous.body).toEqual(NOT_AUTH);
    const mine = await new Client().withToken(a.access).get(`/api/post_report/${post.id}/`);
    expectStatus(mine, 200);
    expect(mine.body).toEqual([
      {
        id: first.body.id,
        post: post.id,
        reason: "abuse",
        description: "rude",
        created_at: first.body.created_at,
        created_by: a.id,
      },
    ]);
    const theirs = await new Client().withToken(b.access).get(`/api/post_report/${post.id}/`);
    expectStatus(theirs, 200);
    expect(theirs.body).toEqual([second.body]);
    const byAuthor = await new Client().withToken(author.access).get(`/api/post_report/${post.id}/`);
    expectStatus(byAuthor, 200);
    expect(byAuthor.body).toEqual([]);
    const unknown = await new Client().withToken(a.access).get("/api/post_report/999999999/");
    expectStatus(unknown, 404);
    expect(unknown.body).toEqual(NOT_FOUND);
  });

  it("DELETE 204, then 404; 401 without credentials; parallel duplicate reports: one 201", async () => {
    const { post, client } = await setup();
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => client.post(`/api/post_report/${post.id}/`, { reason: "spam" })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400, 400]);
    const anon = await new Client().delete(`/api/post_report/${post.id}/`);
    expectStatus(anon, 401);
    expect(anon.body).toEqual(NOT_AUTH);
    expectStatus(await client.delete(`/api/post_report/${post.id}/`), 204);
    const again = await client.delete(`/api/post_report/${post.id}/`);
    expectStatus(again, 404);
    expect(again.body).toEqual({ detail: "Report not found or you don't have permission to delete it." });
  });

  it("404 across a block for every write", async () => {
    const { author, fan, post, client } = await setup();
    await block(author.id, fan.id);
    for (const res of [
      await client.post(`/api/post_report/${post.id}/`),
      await client.post(`/api/post_hide/${post.id}/`),
      await client.delete(`/api/post_hide/${post.id}/`),
      await client.delete(`/api/post_likes/${post.id}/`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    }
  });
});

// seed 004 §7 Comments.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, Client, expectStatus } from "../../helpers/client";
import { block, comment, makePost, makeUserWithToken } from "../../helpers/factories";
import { storedNotifications } from "../../helpers/notifications";

const NOT_AUTH = { detail: "Authentication credentials were not provided." };
const NOT_FOUND = { detail: "Not found." };
const GONE = { detail: "Comment not found or you don't have permission to delete it." };
// The typed client cannot tell `/api/posts/{id}/comments/` from `/api/posts/{id}/` (a segment may hold a slash), so lists are read raw.
const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));
const exists = async (id: number) =>
  (await env.DB.prepare("SELECT 1 AS one FROM comments WHERE id = ?").bind(id).first()) !== null;

async function setup() {
  const author = await makeUserWithToken();
  const fan = await makeUserWithToken();
  const post = await makePost(author.id);
  return { author, fan, post, client: new Client().withToken(fan.access) };
}

describe("GET /api/posts/{post_id}/comments/", () => {
  it("200: the envelope, newest first, every item field", async () => {
    const { author, fan, post } = await setup();
    const older = await comment(fan.id, post.id, "first!");
    const newer = await comment(author.id, post.id, "thanks");
    const res = await new Client().raw.get(`/api/posts/${post.id}/comments/`);
    expectStatus(res, 200);
    expect(res.body).toEqual({
      count: 2,
      page_size: 10,
      page: 1,
      total_pages: 1,
      next: null,
      previous: null,
      results: [
        {
          id: newer.id,
          post: post.id,
          comment: "thanks",
          created_by: {
            id: author.id,
            user: { id: author.id, username: author.username, profile_pic: null },
          },
          created_at: newer.createdAt.toISOString(),
        },
        {
          id: older.id,
          post: post.id,
          comment: "first!",
          created_by: { id: fan.id, user: { id: fan.id, username: fan.username, profile_pic: null } },
          created_at: older.createdAt.toISOString(),
        },
      ],
    });
  });

  it("pages of 10 by default, page_size capped at 30, absolute links, 404 past the end", async () => {
    const { fan, post } = await setup();
    for (let i = 0; i < 35; i++) await comment(fan.id, post.id, `c${i}`);
    const first = await new Client().raw.get(`/api/posts/${post.id}/comments/`);
    expectStatus(first, 200);
    expect(first.body).toMatchObject({
      count: 35,
      page_size: 10,
      page: 1,
      total_pages: 4,
      next: `${BASE}/api/posts/${post.id}/comments/?page=2`,
      previous: null,
    });
    expect(first.body.results.map((c: { comment: string }) => c.comment)).toEqual(
      Array.from({ length: 10 }, (_, i) => `c${34 - i}`),
    );
    const capped = await new Client().raw.get(`/api/posts/${post.id}/comments/?page_size=100&page=2`);
    expectStatus(capped, 200);
    expect(capped.body).toMatchObject({
      page_size: 30,
      page: 2,
      total_pages: 2,
      next: null,
      previous: `${BASE}/api/posts/${post.id}/comments/?page_size=100`,
    });
    expect(capped.body.results.map((c: { comment: string }) => c.comment)).toEqual([
      "c4",
      "c3",
      "c2",
      "c1",
      "c0",
    ]);
    const past = await new Client().raw.get(`/api/posts/${post.id}/comments/?page=5`);
    expectStatus(past, 404);
    expect(past.body).toEqual({ detail: "Invalid page." });
  });

  it("the author's picture, when they have one", async () => {
    const { fan, post } = await setup();
    await env.DB.prepare("UPDATE users SET avatar_key = ? WHERE id = ?")
      .bind(`u/${fan.id}/avatar/x.png`, fan.id)
      .run();
    await comment(fan.id, post.id, "hi");
    const res = await new Client().raw.get(`/api/posts/${post.id}/comments/`);
    expectStatus(res, 200);
    expect(res.body.results[0]!.created_by.user.profile_pic).toBe(`/media/u/${fan.id}/avatar/x.png`);
  });

  it("404 for an unknown post, and across a block for a signed-in viewer", async () => {
    const { author, fan, post, client } = await setup();
    const unknown = await new Client().get("/api/posts/999999999/comments/");
    expectStatus(unknown, 404);
    expect(unknown.body).toEqual(NOT_FOUND);
    await block(author.id, fan.id);
    const blocked = await client.get(`/api/posts/${post.id}/comments/`);
    expectStatus(blocked, 404);
    expect(blocked.body).toEqual(NOT_FOUND);
    expectStatus(await client.raw.get("/api/posts/abc/comments/"), 404);
  });

  it("three statements whatever the page size (the post, then the count and the page in one batch)", async () => {
    const { fan, post } = await setup();
    for (let i = 0; i < 31; i++) await comment(fan.id, post.id, `c${i}`);
    const one = await new Client().raw.get(`/api/posts/${post.id}/comments/?page_size=1`);
    const thirty = await new Client().raw.get(`/api/posts/${post.id}/comments/?page_size=30`);
    expectStatus(one, 200);
    expectStatus(thirty, 200);
    expect(one.body.results).toHaveLength(1);
    expect(thirty.body.results).toHaveLength(30);
    expect(queries(one)).toBe(3);
    expect(queries(thirty)).toBe(3);
  });
});

describe("POST /api/posts/{post_id}/comments/", () => {
  it("201 with the item; the author is notified", async () => {
    const { author, fan, post, client } = await setup();
    // The mobile client also sends the post's id in the body.
    const res = await client.post(`/api/posts/${post.id}/comments/`, {
      comment: "  This is amazing!  ",
      post: post.id,
    } as { comment: string });
    expectStatus(res, 201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      post: post.id,
      comment: "This is amazing!",
      created_by: { id: fan.id, user: { id: fan.id, username: fan.username, profile_pic: null } },
      created_at: expect.any(String),
    });
    const [n] = await storedNotifications(author.id);
    expect(n).toMatchObject({
      message: `${fan.username} commented on your post.`,
      page: "post",
      page_item_id: post.id,
      notification_type: "comment",
    });
    const detail = await new Client().get(`/api/posts/${post.id}/`);
    expectStatus(detail, 200);
    expect(detail.body.comments).toEqual([{ comment: "This is amazing!" }]);
  });

  it("a comment on your own post notifies nobody; a form body works too", async () => {
    const author = await makeUserWithToken();
    const post = await makePost(author.id);
    const before = (await storedNotifications(author.id)).length;
    const res = await new Client()
      .withToken(author.access)
      .raw.post(`/api/posts/${post.id}/comments/`, undefined, {
        body: "comment=mine",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    expect(res.status).toBe(201);
    expect(res.body.comment).toBe("mine");
    expect(await storedNotifications(author.id)).toHaveLength(before);
  });

  it("400 for a missing, blank, too long or non-text comment; 2,000 characters is fine", async () => {
    const { post, client } = await setup();
    const cases: [unknown, unknown][] = [
      [{}, { comment: ["This field is required."] }],
      [{ comment: null }, { comment: ["This field is required."] }],
      [{ comment: "   " }, { comment: ["This field may not be blank."] }],
      [{ comment: "x".repeat(2001) }, { comment: ["Ensure this field has no more than 2000 characters."] }],
      [
        { comment: "x".repeat(200_000) },
        { comment: ["Ensure this field has no more than 2000 characters."] },
      ],
      [{ comment: 5 }, { comment: ["Not a valid string."] }],
      [{ comment: ["a"] }, { comment: ["Not a valid string."] }],
      [{ comment: "nul\u0000" }, { comment: ["Null characters are not allowed."] }],
    ];
    for (const [body, errors] of cases) {
      const res = await client.raw.post(`/api/posts/${post.id}/comments/`, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.body).toEqual(errors);
    }
    const huge = await client.raw.post(`/api/posts/${post.id}/comments/`, {
      comment: "x".repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expectStatus(await client.post(`/api/posts/${post.id}/comments/`, { comment: "y".repeat(2000) }), 201);
    const list = await new Client().raw.get(`/api/posts/${post.id}/comments/`);
    expectStatus(list, 200);
    expect(list.body.count).toBe(1);
  });

  it("401 without credentials; 404 for an unknown post or across a block", async () => {
    const { author, fan, post, client } = await setup();
    const anon = await new Client().post(`/api/posts/${post.id}/comments/`, { comment: "hi" });
    expectStatus(anon, 401);
    expect(anon.body).toEqual(NOT_AUTH);
    const unknown = await client.post("/api/posts/999999999/comments/", { comment: "hi" });
    expectStatus(unknown, 404);
    expect(unknown.body).toEqual(NOT_FOUND);
    await block(fan.id, author.id);
    const blocked = await client.post(`/api/posts/${post.id}/comments/`, { comment: "hi" });
    expectStatus(blocked, 404);
    expect(blocked.body).toEqual(NOT_FOUND);
    expect(
      (await storedNotifications(author.id)).filter((n) => n.notification_type === "comment"),
    ).toHaveLength(0);
  });
});

describe("DELETE /api/posts/{post_id}/comments/", () => {
  it("204 for your own comment; then 404", async () => {
    const { fan, post, client } = await setup();
    const mine = await comment(fan.id, post.id, "oops");
    expectStatus(await client.delete(`/api/posts/${post.id}/comments/`, { comment_id: mine.id }), 204);
    expect(await exists(mine.id)).toBe(false);
    const again = await client.delete(`/api/posts/${post.id}/comments/`, { comment_id: mine.id });
    expectStatus(again, 404);
    expect(again.body).toEqual(GONE);
  });

  it("someone else's comment on someone else's post: 404, and it stays", async () => {
    const { fan, post } = await setup();
    const theirs = await comment(fan.id, post.id, "keep");
    const stranger = await makeUserWithToken();
    const res = await new Client()
      .withToken(stranger.access)
      .delete(`/api/posts/${post.id}/comments/`, { comment_id: theirs.id });
    expectStatus(res, 404);
    expect(res.body).toEqual(GONE);
    expect(await exists(theirs.id)).toBe(true);
  });

  it("only its writer deletes a comment: the post's author and an admin get 404, and it stays", async () => {
    const { author, fan, post } = await setup();
    const theirs = await comment(fan.id, post.id, "mine alone");
    const byAuthor = await new Client()
      .withToken(author.access)
      .delete(`/api/posts/${post.id}/comments/`, { comment_id: theirs.id });
    expectStatus(byAuthor, 404);
    expect(byAuthor.body).toEqual(GONE);
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const byAdmin = await new Client()
      .withToken(admin.access)
      .delete(`/api/posts/${post.id}/comments/`, { comment_id: theirs.id });
    expectStatus(byAdmin, 404);
    expect(byAdmin.body).toEqual(GONE);
    expect(await exists(theirs.id)).toBe(true);
  });

  it("a comment of another post named under this one is 404, even for this post's author", async () => {
    const { author, fan, post } = await setup();
    const elsewhere = await makePost(fan.id);
    const other = await comment(fan.id, elsewhere.id, "elsewhere");
    const res = await new Client()
      .withToken(author.access)
      .delete(`/api/posts/${post.id}/comments/`, { comment_id: other.id });
    expectStatus(res, 404);
    expect(res.body).toEqual(GONE);
    expect(await exists(other.id)).toBe(true);
  });

  it("no comment_id is 404; one that is not an integer is a 400 field error; 401 without credentials", async () => {
    const { post, client } = await setup();
    const none = await client.raw.delete(`/api/posts/${post.id}/comments/`);
    expect(none.status).toBe(404);
    expect(none.body).toEqual(GONE);
    for (const id of ["abc", 1.5, { a: 1 }, -3]) {
      const res = await client.raw.delete(`/api/posts/${post.id}/comments/`, { comment_id: id });
      expect(res.status, JSON.stringify(id)).toBe(400);
      expect(res.body).toEqual({ comment_id: ["A valid integer is required."] });
    }
    const huge = await client.raw.delete(`/api/posts/${post.id}/comments/`, {
      comment_id: "99999999999999999999999",
    });
    expect(huge.status).toBe(400);
    expect(huge.body).toEqual({ comment_id: ["A valid integer is required."] });
    const anon = await new Client().delete(`/api/posts/${post.id}/comments/`, { comment_id: 1 });
    expectStatus(anon, 401);
    expect(anon.body).toEqual(NOT_AUTH);
  });
});

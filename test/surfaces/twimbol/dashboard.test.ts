import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, UntypedClient, expectStatus } from "../../helpers/client";
import { makeCreator, makePost, makeUserWithToken } from "../../helpers/factories";
import { upload, videoBytes } from "../../helpers/fixtures";

const now = () => Date.now();
const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));

async function reelOf(
  access: string,
  title: string,
  path: "/create/reel/" | "/create/video/" = "/create/reel/",
) {
  const form = upload("video", "r.mp4", videoBytes(100));
  form.append("title", title);
  const res = await new Client().withToken(access).raw.post(path, undefined, { body: form });
  expect(res.status, res.text).toBe(201);
  return res.body as { post: number; video_url: string };
}

describe("GET /create/dashboard/", () => {
  it("200: the caller's own items only, newest first, with view, like and comment counts", async () => {
    const creator = await makeCreator();
    const stranger = await makeCreator();
    const post = await makePost(creator.id, { title: "a post" });
    const reel = await reelOf(creator.access, "a reel");
    const video = await reelOf(creator.access, "a video", "/create/video/");
    await reelOf(stranger.access, "not mine");
    const fan = await makeUserWithToken();
    await env.DB.prepare("INSERT INTO post_likes (user_id, post_id, created_at) VALUES (?, ?, ?)")
      .bind(fan.id, reel.post, now())
      .run();
    await env.DB.prepare("UPDATE posts SET like_count = 1, view_count = 7 WHERE id = ?")
      .bind(reel.post)
      .run();
    for (const text of ["one", "two"])
      await env.DB.prepare("INSERT INTO comments (post_id, user_id, comment, created_at) VALUES (?, ?, ?, ?)")
        .bind(reel.post, fan.id, text, now())
        .run();

    const res = await new Client().withToken(creator.access).get("/create/dashboard/");
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      count: 3,
      page_size: 10,
      page: 1,
      total_pages: 1,
      next: null,
      previous: null,
    });
    expect(res.body.results.map((i) => i.id)).toEqual([video.post, reel.post, post.id]);
    expect(res.body.results[1]).toEqual({
      id: reel.post,
      post_type: "reel",
      post_title: "a reel",
      post_description: "",
      created_at: expect.any(String),
      post_banner: null,
      video_url: reel.video_url,
      thumbnail_url: null,
      view_count: 7,
      like_count: 1,
      comment_count: 2,
    });
    expect(res.body.results[2]).toMatchObject({
      post_type: "post",
      video_url: null,
      view_count: 0,
      comment_count: 0,
    });
  });

  it("paginates like the posts list; a page past the end is 404", async () => {
    const creator = await makeCreator();
    for (let i = 0; i < 3; i++) await makePost(creator.id);
    const client = new Client().withToken(creator.access);
    const first = await client.get("/create/dashboard/?page_size=2");
    expectStatus(first, 200);
    expect(first.body).toMatchObject({
      count: 3,
      page_size: 2,
      total_pages: 2,
      next: "http://api.test/create/dashboard/?page=2&page_size=2",
      previous: null,
    });
    const past = await client.get("/create/dashboard/?page=3&page_size=2");
    expect(past.status).toBe(404);
    expect(past.body).toEqual({ detail: "Invalid page." });
  });

  it("401 anonymous, 403 for a visitor", async () => {
    expect((await new Client().get("/create/dashboard/")).status).toBe(401);
    const res = await new Client().withToken((await makeUserWithToken()).access).get("/create/dashboard/");
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: "Permission denied." });
  });

  it("costs the same D1 statements at page sizes 1 and 100", async () => {
    const creator = await makeCreator();
    for (let i = 0; i < 4; i++) await makePost(creator.id);
    await reelOf(creator.access, "r");
    const client = new UntypedClient().withToken(creator.access);
    const one = await client.get("/create/dashboard/?page_size=1");
    const hundred = await client.get("/create/dashboard/?page_size=100");
    expect(one.status).toBe(200);
    expect(hundred.body.results).toHaveLength(5);
    expect(queries(one)).toBe(queries(hundred));
    // The caller (one statement), then the count and the page in one batch.
    expect(queries(hundred)).toBe(3);
  });
});

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, Client, expectStatus } from "../../helpers/client";
import { asSeenByOthers } from "../../helpers/profiles";
import { block, makePost, makeReel, makeUser, makeUserWithToken, testDeps } from "../../helpers/factories";

// The likes, hides, reports and comments routes (seed 004 §6, §7) are another part of issue 11: their rows go in directly.
const now = () => Date.now();
const hide = (userId: number, postId: number) =>
  env.DB.prepare("INSERT INTO post_hides (user_id, post_id, created_at) VALUES (?, ?, ?)")
    .bind(userId, postId, now())
    .run();
const report = (userId: number, postId: number) =>
  env.DB.prepare("INSERT INTO post_reports (user_id, post_id, created_at) VALUES (?, ?, ?)")
    .bind(userId, postId, now())
    .run();
const like = (userId: number, postId: number) =>
  env.DB.prepare("INSERT INTO post_likes (user_id, post_id, created_at) VALUES (?, ?, ?)")
    .bind(userId, postId, now())
    .run();
const comment = (userId: number, postId: number, text: string) =>
  env.DB.prepare("INSERT INTO comments (post_id, user_id, comment, created_at) VALUES (?, ?, ?, ?)")
    .bind(postId, userId, text, now())
    .run();
const countOf = async (types: string[]) =>
  (await env.DB.prepare(
    `SELECT count(*) AS n FROM posts WHERE post_type IN (${types.map(() => "?").join(", ")})`,
  )
    .bind(...types)
    .first<{ n: number }>())!.n;

/**
 * The lists have no filter, so each test's items are dated after every item before them:
 * they are the newest, and the top of the first page is theirs alone.
 */
let clock = Date.now() + 10 * 365 * 86_400_000;
const later = () => new Date((clock += 60_000));

const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));

describe("GET /api/reels/", () => {
  it("200: the envelope, newest first, every item field for an uploaded reel and a YouTube one", async () => {
    const author = await makeUserWithToken();
    const commenter = await makeUser();
    const uploaded = await makeReel(author.id, {
      title: "Uploaded",
      description: "Check this out!",
      likeCount: 3,
      viewCount: 1500,
      createdAt: later(),
    });
    const withThumb = await makeReel(author.id, {
      title: "Thumb",
      thumbnailKey: `u/${author.id}/thumbnail/t.jpg`,
      createdAt: later(),
    });
    const youtube = await makeReel(author.id, { type: "youtube_reel", title: "Linked", createdAt: later() });
    await comment(commenter.id, uploaded.id, "one");
    await comment(commenter.id, uploaded.id, "two");
    const res = await new Client().get("/api/reels/");
    expectStatus(res, 200);
    const count = await countOf(["reel", "youtube_reel"]);
    expect(res.body).toMatchObject({
      count,
      page_size: 30,
      page: 1,
      total_pages: Math.ceil(count / 30),
      previous: null,
    });
    expect(res.body.results.slice(0, 3).map((r) => r.post)).toEqual([youtube.id, withThumb.id, uploaded.id]);
    const [linked, thumbed, plain] = res.body.results;
    expect(plain).toEqual({
      title: "Uploaded",
      video_url: `/media/${uploaded.videoKey}`,
      created_at: uploaded.createdAt.toISOString(),
      post: uploaded.id,
      reel_description: "Check this out!",
      thumbnail_url: null,
      view_count: 1500,
      like_count: 3,
      comments: 2,
      created_by: author.id,
      user_profile: expect.objectContaining({
        id: author.id,
        followed_by_user: false,
        blocked_by_user: false,
      }),
      liked_by_user: false,
      hidden_by_user: false,
      reported_by_user: false,
    });
    expect(thumbed).toMatchObject({ thumbnail_url: `/media/u/${author.id}/thumbnail/t.jpg`, comments: 0 });
    expect(linked).toMatchObject({
      video_url: `https://www.youtube.com/shorts/${youtube.youtubeId}`,
      thumbnail_url: `https://i.ytimg.com/vi/${youtube.youtubeId}/hqdefault.jpg`,
    });
    const own = await new Client().withToken(author.access).get("/user/api/profile/");
    expectStatus(own, 200);
    expect(plain!.user_profile).toEqual(asSeenByOthers(own.body[0]!));
  });

  it("lists reels and YouTube reels only: no posts, no videos", async () => {
    const author = await makeUser();
    const reel = await makeReel(author.id, { createdAt: later() });
    await makeReel(author.id, { type: "video", createdAt: later() });
    await makeReel(author.id, { type: "youtube_video", createdAt: later() });
    const short = await makeReel(author.id, { type: "youtube_reel", createdAt: later() });
    await makePost(author.id);
    const res = await new Client().get("/api/reels/?page_size=100");
    expectStatus(res, 200);
    expect(res.body.results.slice(0, 2).map((r) => r.post)).toEqual([short.id, reel.id]);
    const types = await env.DB.prepare(
      `SELECT DISTINCT post_type AS t FROM posts WHERE id IN (${res.body.results.map((r) => r.post).join(",")})`,
    ).all<{ t: string }>();
    expect(types.results.map((r) => r.t).sort()).toEqual(["reel", "youtube_reel"]);
  });

  it("pages: the size in effect, absolute next/previous keeping other parameters, a capped size, Invalid page.", async () => {
    const author = await makeUser();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await makeReel(author.id, { createdAt: later() }));
    const count = await countOf(["reel", "youtube_reel"]);
    const first = await new Client().get("/api/reels/?page_size=2&x=1");
    expectStatus(first, 200);
    expect(first.body).toMatchObject({
      count,
      page_size: 2,
      page: 1,
      total_pages: Math.ceil(count / 2),
      previous: null,
      next: `${BASE}/api/reels/?page=2&page_size=2&x=1`,
    });
    expect(first.body.results.map((r) => r.post)).toEqual([made[2]!.id, made[1]!.id]);
    const second = await new Client().get("/api/reels/?page=2&page_size=2&x=1");
    expectStatus(second, 200);
    expect(second.body.previous).toBe(`${BASE}/api/reels/?page_size=2&x=1`);
    expect(second.body.results[0]!.post).toBe(made[0]!.id);
    const capped = await new Client().get("/api/reels/?page_size=100000");
    expectStatus(capped, 200);
    expect(capped.body.page_size).toBe(100);
    expect(capped.body.results).toHaveLength(Math.min(count, 100));
    const fallback = await new Client().get("/api/reels/?page_size=0");
    expectStatus(fallback, 200);
    expect(fallback.body.page_size).toBe(30);
    for (const page of ["9999", "0", "abc"]) {
      const res = await new Client().get(`/api/reels/?page=${page}`);
      expectStatus(res, 404);
      expect(res.body).toEqual({ detail: "Invalid page." });
    }
  });

  it("400 for a NUL or a control character in a query parameter, as in every text field", async () => {
    const res = await new Client().raw.get("/api/reels/?page=%00");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ page: ["Null characters are not allowed."] });
  });

  describe("exclusions", () => {
    let viewer: Awaited<ReturnType<typeof makeUserWithToken>>;
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      viewer = await makeUserWithToken();
      const author = await makeUser();
      const blockedByViewer = await makeUser();
      const blockerOfViewer = await makeUser();
      ids.plain = (await makeReel(author.id, { createdAt: later() })).id;
      ids.liked = (await makeReel(author.id, { createdAt: later() })).id;
      ids.hidden = (await makeReel(author.id, { createdAt: later() })).id;
      ids.reported = (await makeReel(author.id, { type: "youtube_reel", createdAt: later() })).id;
      ids.blocked = (await makeReel(blockedByViewer.id, { createdAt: later() })).id;
      ids.blocker = (await makeReel(blockerOfViewer.id, { createdAt: later() })).id;
      await like(viewer.id, ids.liked);
      await hide(viewer.id, ids.hidden);
      await report(viewer.id, ids.reported);
      await block(viewer.id, blockedByViewer.id);
      await block(blockerOfViewer.id, viewer.id);
    });
    const mine = <R extends { post: number }>(results: R[]) =>
      results.filter((r) => Object.values(ids).includes(r.post));

    it("a signed-in viewer does not see reels they hid or reported, nor reels across a block either way", async () => {
      const res = await new Client().withToken(viewer.access).get("/api/reels/?page_size=100");
      expectStatus(res, 200);
      expect(
        mine(res.body.results).map((r) => [r.post, r.liked_by_user, r.hidden_by_user, r.reported_by_user]),
      ).toEqual([
        [ids.liked, true, false, false],
        [ids.plain, false, false, false],
      ]);
      expect(res.body.count).toBe((await countOf(["reel", "youtube_reel"])) - 4);
    });

    it("anonymous viewers see everything, with every flag false", async () => {
      const res = await new Client().get("/api/reels/?page_size=100");
      expectStatus(res, 200);
      expect(mine(res.body.results).map((r) => r.post)).toEqual([
        ids.blocker,
        ids.blocked,
        ids.reported,
        ids.hidden,
        ids.liked,
        ids.plain,
      ]);
      expect(
        res.body.results.every((r) => !r.liked_by_user && !r.hidden_by_user && !r.reported_by_user),
      ).toBe(true);
    });

    it("the same exclusions hold on GET /api/videos/", async () => {
      const author = await makeUser();
      const hidden = await makeReel(author.id, { type: "video", createdAt: later() });
      const kept = await makeReel(author.id, { type: "youtube_video", createdAt: later() });
      await hide(viewer.id, hidden.id);
      const signedIn = await new Client().withToken(viewer.access).get("/api/videos/");
      expectStatus(signedIn, 200);
      expect(signedIn.body.results[0]!.post).toBe(kept.id);
      expect(signedIn.body.results.map((r) => r.post)).not.toContain(hidden.id);
      const anonymous = await new Client().get("/api/videos/");
      expectStatus(anonymous, 200);
      expect(anonymous.body.results.slice(0, 2).map((r) => r.post)).toEqual([kept.id, hidden.id]);
    });
  });
});

describe("GET /api/videos/", () => {
  it("200: videos and YouTube videos newest first, the reel item's shape, page size 30", async () => {
    const author = await makeUser();
    const video = await makeReel(author.id, {
      type: "video",
      title: "Long one",
      description: "d",
      viewCount: 7,
      createdAt: later(),
    });
    const linked = await makeReel(author.id, { type: "youtube_video", createdAt: later() });
    await makeReel(author.id, { createdAt: later() });
    const res = await new Client().get("/api/videos/");
    expectStatus(res, 200);
    const count = await countOf(["video", "youtube_video"]);
    expect(res.body).toMatchObject({ count, page_size: 30, page: 1 });
    expect(res.body.results.slice(0, 2).map((r) => r.post)).toEqual([linked.id, video.id]);
    expect(res.body.results[1]).toMatchObject({
      title: "Long one",
      video_url: `/media/${video.videoKey}`,
      reel_description: "d",
      view_count: 7,
      comments: 0,
      created_by: author.id,
    });
    expect(res.body.results[0]!.video_url).toBe(`https://www.youtube.com/watch?v=${linked.youtubeId}`);
  });

  it("404 Invalid page. past the end", async () => {
    const res = await new Client().get("/api/videos/?page=100000");
    expectStatus(res, 404);
    expect(res.body).toEqual({ detail: "Invalid page." });
  });
});

describe("D1 statements per request", () => {
  it("the reels page: one batch for the count and the page, then flags and authors (comment counts are kept on the row), whatever the page size", async () => {
    const deps = testDeps();
    const authors = await Promise.all([makeUser({}, deps), makeUser({}, deps), makeUser({}, deps)]);
    for (let i = 0; i < 101; i++) {
      const reel = await makeReel(
        authors[i % 3]!.id,
        { type: i % 2 ? "reel" : "youtube_reel", createdAt: later() },
        deps,
      );
      if (i % 10 === 0) await comment(authors[0]!.id, reel.id, `c${i}`);
    }
    const viewer = await makeUserWithToken();
    for (const size of [1, 100]) {
      const anonymous = await new Client().get(`/api/reels/?page_size=${size}`);
      expectStatus(anonymous, 200);
      expect(anonymous.body.results).toHaveLength(size);
      expect(queries(anonymous), `anonymous, ${size}`).toBe(3);
      const signedIn = await new Client().withToken(viewer.access).get(`/api/reels/?page_size=${size}`);
      expectStatus(signedIn, 200);
      expect(signedIn.body.results).toHaveLength(size);
      expect(queries(signedIn), `signed in, ${size}`).toBe(5);
    }
  });

  it("the reels page reads the reels' partial index newest first, with no sort", async () => {
    const plan = await env.DB.prepare(
      "EXPLAIN QUERY PLAN SELECT * FROM posts WHERE post_type LIKE '%reel' AND author_visible = 1 ORDER BY created_at DESC, id DESC LIMIT 30 OFFSET 0",
    ).all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail)).toEqual(["SCAN posts USING INDEX posts_reels_created_idx"]);
  });
});

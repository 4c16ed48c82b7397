import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, Client, UntypedClient, expectStatus } from "../../helpers/client";
import { asSeenByOthers } from "../../helpers/profiles";
import {
  adminUpdate,
  block,
  comment,
  hide,
  like,
  makePost,
  makeUserWithToken,
  report,
  setProfile,
  uniqueName,
} from "../../helpers/factories";
import { JPEG_BYTES, PNG_BYTES, upload } from "../../helpers/fixtures";
import { purgeAll } from "../../helpers/purge";

const NOT_AUTH = { detail: "Authentication credentials were not provided." };
const FORBIDDEN = { detail: "You do not have permission to perform this action." };
const NOT_FOUND = { detail: "Not found." };
const DEFAULT_BANNER = "/media/img/posts/post_banner_default.jpg";

const rowsFor = async (table: string, postId: number) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE post_id = ?`)
    .bind(postId)
    .first<{ n: number }>())!.n;

/** Each describe searches for its own marker so the other tests' posts never land on its pages. */
const marker = () => uniqueName("m").replaceAll("_", "x");

describe("GET /api/posts/", () => {
  it("200: the envelope, newest first, every item field", async () => {
    const author = await makeUserWithToken();
    const tag = marker();
    const older = await makePost(author.id, { title: `${tag} older`, description: "first" });
    const newer = await makePost(author.id, { title: `${tag} newer` });
    const res = await new Client().get(`/api/posts/?search=${tag}`);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      count: 2,
      page_size: 10,
      page: 1,
      total_pages: 1,
      next: null,
      previous: null,
    });
    expect(res.body.results.map((p) => p.id)).toEqual([newer.id, older.id]);
    expect(res.body.results[1]).toEqual({
      id: older.id,
      post_type: "post",
      post_title: `${tag} older`,
      post_description: "first",
      created_at: older.createdAt.toISOString(),
      like_count: 0,
      post_banner: DEFAULT_BANNER,
      created_by: author.id,
      user_profile: {
        id: author.id,
        user: {
          id: author.id,
          username: author.username,
          email: "",
          first_name: "",
          last_name: "",
          profile_pic: null,
          user_phone: "",
          user_address: "",
          user_type: "regular",
          user_social_fb: "",
          user_social_twt: "",
          user_social_yt: "",
          user_status: true,
          user_banned: false,
          user_group: ["visitor"],
        },
        followed_by_user: false,
        blocked_by_user: false,
      },
      username: { username: author.username },
      comments: [],
      liked_by_user: false,
      hidden_by_user: false,
      reported_by_user: false,
    });
  });

  it("user_profile is the author's own GET /user/api/profile/ item with the private fields empty, for anyone, the author included", async () => {
    const author = await makeUserWithToken();
    await setProfile(author.id, {
      firstName: "Ada",
      phone: "+1 555 0100",
      address: "1 Hidden Lane",
      socialTwitter: "twitter.com/ada",
    });
    const tag = marker();
    const post = await makePost(author.id, { title: tag });
    const own = await new Client().withToken(author.access).get("/user/api/profile/");
    expectStatus(own, 200);
    expect(own.body[0]!.user).toMatchObject({
      email: author.email,
      user_phone: "+1 555 0100",
      user_address: "1 Hidden Lane",
    });
    const other = await makeUserWithToken();
    const publicItem = asSeenByOthers(own.body[0]!);
    for (const client of [
      new Client(),
      new Client().withToken(other.access),
      new Client().withToken(author.access),
    ]) {
      const list = await client.get(`/api/posts/?search=${tag}`);
      expectStatus(list, 200);
      expect(list.body.results[0]!.user_profile).toEqual(publicItem);
      const item = await client.get(`/api/posts/${post.id}/`);
      expectStatus(item, 200);
      expect(item.body.user_profile).toEqual(publicItem);
      for (const secret of [author.email, "+1 555 0100", "1 Hidden Lane"]) {
        expect(list.text).not.toContain(secret);
        expect(item.text).not.toContain(secret);
      }
    }
  });

  it("only post_type post: reels and videos stay out", async () => {
    const author = await makeUserWithToken();
    const tag = marker();
    const post = await makePost(author.id, { title: tag });
    const reel = await makePost(author.id, { title: `${tag} reel` });
    await env.DB.prepare("UPDATE posts SET post_type = 'reel' WHERE id = ?").bind(reel.id).run();
    const res = await new Client().get(`/api/posts/?search=${tag}`);
    expectStatus(res, 200);
    expect(res.body.results.map((p) => p.id)).toEqual([post.id]);
  });

  it("search: every term in the title or description, case-insensitively; % and _ are literal", async () => {
    const author = await makeUserWithToken();
    const tag = marker();
    const a = await makePost(author.id, { title: `${tag} Apple pie` });
    const b = await makePost(author.id, { title: `${tag} other`, description: "an APPLE a day" });
    await makePost(author.id, { title: `${tag} pear` });
    const res = await new Client().get(`/api/posts/?search=${tag.toUpperCase()},apple`);
    expectStatus(res, 200);
    expect(res.body.results.map((p) => p.id)).toEqual([b.id, a.id]);
    const literal = await new Client().get(`/api/posts/?search=${tag}%20%25`);
    expectStatus(literal, 200);
    expect(literal.body.count).toBe(0);
  });

  it("ordering by created_at, -created_at and post_type; an unknown field keeps the default", async () => {
    const author = await makeUserWithToken();
    const tag = marker();
    const first = await makePost(author.id, { title: tag });
    const second = await makePost(author.id, { title: tag });
    const ids = async (q: string) => {
      const res = await new Client().get(`/api/posts/?search=${tag}&ordering=${q}`);
      expectStatus(res, 200);
      return res.body.results.map((p) => p.id);
    };
    expect(await ids("created_at")).toEqual([first.id, second.id]);
    expect(await ids("-created_at")).toEqual([second.id, first.id]);
    expect(await ids("post_type")).toEqual([second.id, first.id]);
    expect(await ids("password_hash")).toEqual([second.id, first.id]);
  });

  it("pages: size in effect, absolute next/previous keeping the other parameters, a capped size, Invalid page.", async () => {
    const author = await makeUserWithToken();
    const tag = marker();
    for (let i = 0; i < 5; i++) await makePost(author.id, { title: `${tag} ${i}` });
    const p2 = await new Client().get(`/api/posts/?search=${tag}&page_size=2&page=2`);
    expectStatus(p2, 200);
    expect(p2.body).toMatchObject({
      count: 5,
      page_size: 2,
      page: 2,
      total_pages: 3,
      next: `${BASE}/api/posts/?page=3&page_size=2&search=${tag}`,
      previous: `${BASE}/api/posts/?page_size=2&search=${tag}`,
    });
    expect(p2.body.results).toHaveLength(2);
    const capped = await new Client().get(`/api/posts/?search=${tag}&page_size=1000`);
    expectStatus(capped, 200);
    expect(capped.body).toMatchObject({ page_size: 100, total_pages: 1 });
    const fallback = await new Client().get(`/api/posts/?search=${tag}&page_size=abc`);
    expectStatus(fallback, 200);
    expect(fallback.body.page_size).toBe(10);
    for (const page of ["4", "0", "-1", "abc", "1.5", "99999999999999999999"]) {
      const res = await new UntypedClient().get(`/api/posts/?search=${tag}&page_size=2&page=${page}`);
      expect(res.status, page).toBe(404);
      expect(res.body).toEqual({ detail: "Invalid page." });
    }
  });

  it("400 for a NUL or a control character in a query parameter, as in every text field", async () => {
    for (const [query, field] of [
      ["search=a%00b", "search"],
      ["ordering=%00", "ordering"],
      ["page=1%00", "page"],
      ["page_size=%01", "page_size"],
    ]) {
      const res = await new UntypedClient().get(`/api/posts/?${query}`);
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.body), query).toEqual([field]);
    }
  });

  it("an empty list is one empty first page", async () => {
    const res = await new Client().get(`/api/posts/?search=${marker()}`);
    expectStatus(res, 200);
    expect(res.body).toEqual({
      count: 0,
      page_size: 10,
      page: 1,
      total_pages: 1,
      next: null,
      previous: null,
      results: [],
    });
  });

  it("comments: the newest 10, newest first", async () => {
    const author = await makeUserWithToken();
    const tag = marker();
    const post = await makePost(author.id, { title: tag });
    for (let i = 0; i < 12; i++) await comment(author.id, post.id, `c${i}`);
    const res = await new Client().get(`/api/posts/?search=${tag}`);
    expectStatus(res, 200);
    expect(res.body.results[0]!.comments).toEqual(
      ["c11", "c10", "c9", "c8", "c7", "c6", "c5", "c4", "c3", "c2"].map((c) => ({ comment: c })),
    );
  });

  describe("exclusions", () => {
    let tag: string;
    let viewer: Awaited<ReturnType<typeof makeUserWithToken>>;
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      tag = marker();
      viewer = await makeUserWithToken();
      const author = await makeUserWithToken();
      const blockedByViewer = await makeUserWithToken();
      const blockerOfViewer = await makeUserWithToken();
      ids.plain = (await makePost(author.id, { title: `${tag} plain` })).id;
      ids.liked = (await makePost(author.id, { title: `${tag} liked` })).id;
      ids.hidden = (await makePost(author.id, { title: `${tag} hidden` })).id;
      ids.reported = (await makePost(author.id, { title: `${tag} reported` })).id;
      ids.blocked = (await makePost(blockedByViewer.id, { title: `${tag} blocked` })).id;
      ids.blocker = (await makePost(blockerOfViewer.id, { title: `${tag} blocker` })).id;
      await like(viewer.id, ids.liked);
      await hide(viewer.id, ids.hidden);
      await report(viewer.id, ids.reported);
      await block(viewer.id, blockedByViewer.id);
      await block(blockerOfViewer.id, viewer.id);
    });

    it("a signed-in viewer does not see posts they hid or reported, nor posts across a block either way", async () => {
      const res = await new Client().withToken(viewer.access).get(`/api/posts/?search=${tag}`);
      expectStatus(res, 200);
      expect(res.body.count).toBe(2);
      expect(
        res.body.results.map((p) => [p.id, p.liked_by_user, p.hidden_by_user, p.reported_by_user]),
      ).toEqual([
        [ids.liked, true, false, false],
        [ids.plain, false, false, false],
      ]);
    });

    it("anonymous viewers see everything, with every flag false", async () => {
      const res = await new Client().get(`/api/posts/?search=${tag}`);
      expectStatus(res, 200);
      expect(res.body.count).toBe(6);
      expect(
        res.body.results.every((p) => !p.liked_by_user && !p.hidden_by_user && !p.reported_by_user),
      ).toBe(true);
    });

    it("GET /api/posts/{id}/ is 404 across a block either way, and shows a hidden post", async () => {
      const client = new Client().withToken(viewer.access);
      for (const id of [ids.blocked!, ids.blocker!]) {
        const res = await client.get(`/api/posts/${id}/`);
        expectStatus(res, 404);
        expect(res.body).toEqual(NOT_FOUND);
      }
      const hidden = await client.get(`/api/posts/${ids.hidden}/`);
      expectStatus(hidden, 200);
      expect(hidden.body).toMatchObject({ id: ids.hidden, hidden_by_user: true });
      const anon = await new Client().get(`/api/posts/${ids.blocked}/`);
      expectStatus(anon, 200);
    });
  });
});

describe("POST /api/posts/", () => {
  it("201 from JSON: the item, with the default banner", async () => {
    const u = await makeUserWithToken();
    const res = await new Client()
      .withToken(u.access)
      .post("/api/posts/", { post_title: "Hello", post_description: "World" });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({
      post_type: "post",
      post_title: "Hello",
      post_description: "World",
      like_count: 0,
      post_banner: DEFAULT_BANNER,
      created_by: u.id,
      comments: [],
      username: { username: u.username },
    });
    const again = await new Client().get(`/api/posts/${res.body.id}/`);
    expectStatus(again, 200);
    expect(again.body).toEqual(res.body);
  });

  it("201 from multipart with a banner stored in R2 under the author's prefix", async () => {
    const u = await makeUserWithToken();
    const form = upload("post_banner", "b.png", PNG_BYTES);
    form.append("post_title", "With banner");
    const res = await new Client().withToken(u.access).raw.post("/api/posts/", undefined, { body: form });
    expect(res.status, res.text).toBe(201);
    expect(res.body.post_banner).toMatch(new RegExp(`^/media/u/${u.id}/post/[^/]+\\.png$`));
    const object = await env.MEDIA.get(res.body.post_banner.slice("/media/".length));
    expect(object?.httpMetadata?.contentType).toBe("image/png");
    expect(res.body.post_description).toBe("");
  });

  it("401 anonymous, in DRF's envelope", async () => {
    const res = await new Client().post("/api/posts/", { post_title: "x" });
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTH);
  });

  it("400: title missing, blank, too long, with NUL characters", async () => {
    const client = new Client().withToken((await makeUserWithToken()).access);
    const cases: [unknown, unknown][] = [
      [{}, { post_title: ["This field is required."] }],
      [{ post_title: "" }, { post_title: ["This field may not be blank."] }],
      [
        { post_title: "x".repeat(101) },
        { post_title: ["Ensure this field has no more than 100 characters."] },
      ],
      [{ post_title: "a\u0000b" }, { post_title: ["Null characters are not allowed."] }],
      [
        { post_title: "ok", post_description: "a\u0000" },
        { post_description: ["Null characters are not allowed."] },
      ],
      [{ post_title: 5 }, { post_title: ["Not a valid string."] }],
    ];
    for (const [body, expected] of cases) {
      const res = await client.raw.post("/api/posts/", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual(expected);
    }
    const ok = await client.post("/api/posts/", { post_title: "x".repeat(100) });
    expectStatus(ok, 201);
  });

  it("400 for a banner that is not an image by its bytes, or over 5 MB; nothing is stored", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const fake = upload(
      "post_banner",
      "b.png",
      new TextEncoder().encode("<svg onload=alert(1)>"),
      "image/png",
    );
    fake.append("post_title", "bad banner");
    const bad = await client.raw.post("/api/posts/", undefined, { body: fake });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      post_banner: [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
      ],
    });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(JPEG_BYTES);
    const huge = upload("post_banner", "b.jpg", big, "image/jpeg");
    huge.append("post_title", "big banner");
    const tooBig = await client.raw.post("/api/posts/", undefined, { body: huge });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toEqual({ post_banner: ["File size exceeds the limit 5.0 MB."] });
    const count = await env.DB.prepare("SELECT count(*) AS n FROM posts WHERE created_by = ?")
      .bind(u.id)
      .first<{ n: number }>();
    expect(count!.n).toBe(0);
    expect((await env.MEDIA.list({ prefix: `u/${u.id}/post/` })).objects).toHaveLength(0);
  });

  it("415 for a body in another format", async () => {
    const client = new Client().withToken((await makeUserWithToken()).access);
    const res = await client.raw.post("/api/posts/", undefined, {
      body: "post_title=x",
      headers: { "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(415);
  });
});

describe("GET /api/posts/{id}/", () => {
  it("404 for an absent post", async () => {
    const res = await new Client().get("/api/posts/999999999/");
    expectStatus(res, 404);
    expect(res.body).toEqual(NOT_FOUND);
  });
});

describe("PATCH /api/posts/{id}/", () => {
  it("200 for the author: a partial edit, a banner replaced (the old one leaves R2)", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const form = upload("post_banner", "b.png", PNG_BYTES);
    form.append("post_title", "Before");
    const made = await client.raw.post("/api/posts/", undefined, { body: form });
    const oldKey = (made.body.post_banner as string).slice("/media/".length);
    const titled = await client.patch(`/api/posts/${made.body.id}/`, { post_title: "After" });
    expectStatus(titled, 200);
    expect(titled.body).toMatchObject({
      post_title: "After",
      post_description: "",
      post_banner: made.body.post_banner,
    });
    const replaced = await client.raw.patch(`/api/posts/${made.body.id}/`, undefined, {
      body: upload("post_banner", "c.jpg", JPEG_BYTES),
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.post_banner).toMatch(new RegExp(`^/media/u/${u.id}/post/[^/]+\\.jpg$`));
    await expect.poll(async () => await env.MEDIA.head(oldKey)).toBeNull();
  });

  it("an admin may edit anyone's post", async () => {
    const author = await makeUserWithToken();
    const admin = await makeUserWithToken();
    await adminUpdate(admin.id, { groups: ["visitor", "admin"] });
    const post = await makePost(author.id);
    const res = await new Client()
      .withToken(admin.access)
      .patch(`/api/posts/${post.id}/`, { post_description: "moderated" });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ post_description: "moderated", created_by: author.id });
  });

  it("401 anonymous, 403 someone else's post (before any 400), 404 absent, 400 too long a title", async () => {
    const author = await makeUserWithToken();
    const other = await makeUserWithToken();
    const post = await makePost(author.id);
    const anon = await new Client().patch(`/api/posts/${post.id}/`, { post_title: "x" });
    expectStatus(anon, 401);
    expect(anon.body).toEqual(NOT_AUTH);
    const forbidden = await new Client()
      .withToken(other.access)
      .raw.patch(`/api/posts/${post.id}/`, { post_title: "x".repeat(200) });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual(FORBIDDEN);
    const absent = await new Client()
      .withToken(other.access)
      .patch("/api/posts/999999999/", { post_title: "x" });
    expectStatus(absent, 404);
    expect(absent.body).toEqual(NOT_FOUND);
    const long = await new Client()
      .withToken(author.access)
      .raw.patch(`/api/posts/${post.id}/`, { post_title: "x".repeat(101) });
    expect(long.status).toBe(400);
    expect(long.body).toEqual({ post_title: ["Ensure this field has no more than 100 characters."] });
    const unchanged = await new Client().get(`/api/posts/${post.id}/`);
    expectStatus(unchanged, 200);
    expect(unchanged.body.post_title).toBe(post.title);
  });
});

describe("DELETE /api/posts/{id}/", () => {
  it("204 for the author: the post and its banner go at once; its likes, hides, reports and comments with the cron", async () => {
    const u = await makeUserWithToken();
    const other = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const form = upload("post_banner", "b.png", PNG_BYTES);
    form.append("post_title", "Doomed");
    const made = await client.raw.post("/api/posts/", undefined, { body: form });
    const id = made.body.id as number;
    const key = (made.body.post_banner as string).slice("/media/".length);
    await like(other.id, id);
    await hide(other.id, id);
    await report(other.id, id);
    await comment(other.id, id, "bye");
    const res = await client.delete(`/api/posts/${id}/`);
    expectStatus(res, 204);
    expect(res.text).toBe("");
    const gone = await new Client().get(`/api/posts/${id}/`);
    expectStatus(gone, 404);
    await expect.poll(async () => await env.MEDIA.head(key)).toBeNull();
    await purgeAll();
    for (const table of ["post_likes", "post_hides", "post_reports", "comments"])
      expect(await rowsFor(table, id), table).toBe(0);
    expect(await env.DB.prepare("SELECT id FROM posts WHERE id = ?").bind(id).first()).toBeNull();
  });

  it("an admin may delete anyone's post; others get 403, anonymous 401, an absent post 404", async () => {
    const author = await makeUserWithToken();
    const other = await makeUserWithToken();
    const admin = await makeUserWithToken();
    await adminUpdate(admin.id, { groups: ["visitor", "admin"] });
    const post = await makePost(author.id);
    const anon = await new Client().delete(`/api/posts/${post.id}/`);
    expectStatus(anon, 401);
    expect(anon.body).toEqual(NOT_AUTH);
    const forbidden = await new Client().withToken(other.access).delete(`/api/posts/${post.id}/`);
    expectStatus(forbidden, 403);
    expect(forbidden.body).toEqual(FORBIDDEN);
    const byAdmin = await new Client().withToken(admin.access).delete(`/api/posts/${post.id}/`);
    expectStatus(byAdmin, 204);
    const again = await new Client().withToken(admin.access).delete(`/api/posts/${post.id}/`);
    expectStatus(again, 404);
    expect(again.body).toEqual(NOT_FOUND);
  });
});

// Issue 22 item 4: the links every MediaCMS user object carries resolve (files/views/media.py MediaList).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { UntypedClient } from "../../helpers/client";
import { block, deactivate, makePost, makeReel, makeUserWithToken } from "../../helpers/factories";

const client = () => new UntypedClient();

describe("GET /api/v1/media?author=<username>", () => {
  it("lists that user's posts, reels and videos newest first, in MediaCMS's media-list shape", async () => {
    const u = await makeUserWithToken();
    const post = await makePost(u.id, { title: "a post", description: "words" });
    const reel = await makeReel(u.id, {
      title: "a reel",
      viewCount: 7,
      likeCount: 3,
      createdAt: new Date(Date.now() + 1000),
    });
    const video = await makeReel(u.id, {
      type: "youtube_video",
      title: "a video",
      createdAt: new Date(Date.now() + 2000),
    });
    const profile = await client().get(`/api/v1/users/${u.username}`);
    const link = profile.body.media_info.user_media as string;
    const res = await client().get(link);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ count: 3, next: null, previous: null, tags: "" });
    expect(res.body.results.map((m: { friendly_token: string }) => m.friendly_token)).toEqual([
      String(video.id),
      String(reel.id),
      String(post.id),
    ]);
    expect(res.body.results[1]).toEqual({
      friendly_token: String(reel.id),
      url: `http://api.test/api/v1/media/${reel.id}`,
      api_url: `http://api.test/api/v1/media/${reel.id}`,
      user: u.username,
      title: "a reel",
      description: "",
      add_date: reel.createdAt.toISOString(),
      views: 7,
      media_type: "video",
      state: "public",
      duration: 0,
      thumbnail_url: null,
      is_reviewed: true,
      preview_url: null,
      author_name: expect.any(String),
      author_profile: `http://api.test/user/${u.username}/`,
      author_thumbnail: expect.stringMatching(/^http:\/\/api\.test\//),
      encoding_status: "success",
      likes: 3,
      dislikes: 0,
      reported_times: 0,
      featured: false,
      user_featured: false,
      size: null,
    });
    expect(res.body.results[0].thumbnail_url).toMatch(/^https:\/\/img\.youtube\.com\/vi\//);
    expect(res.body.results[2]).toMatchObject({ media_type: "image", title: "a post", description: "words" });
  });

  it("pages by 50 with absolute next/previous links; a page past the end is 404 Invalid page.", async () => {
    const u = await makeUserWithToken();
    for (let i = 0; i < 51; i++) await makeReel(u.id, { createdAt: new Date(Date.now() - i * 1000) });
    const first = await client().get(`/api/v1/media?author=${u.username}`);
    expect(first.body.count).toBe(51);
    expect(first.body.results).toHaveLength(50);
    expect(first.body.next).toBe(`http://api.test/api/v1/media?author=${u.username}&page=2`);
    const second = await client().get(first.body.next);
    expect(second.body.results).toHaveLength(1);
    expect(second.body.previous).toBe(`http://api.test/api/v1/media?author=${u.username}`);
    const past = await client().get(`/api/v1/media?author=${u.username}&page=3`);
    expect(past.status).toBe(404);
    expect(past.body).toEqual({ detail: "Invalid page." });
  });

  it("404 for an unknown or deactivated author; across a block the list is empty", async () => {
    const missing = await client().get(`/api/v1/media?author=nobody_${Date.now()}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: "No User matches the given query." });
    const gone = await makeUserWithToken();
    await makePost(gone.id);
    await deactivate(gone.id);
    expect((await client().get(`/api/v1/media?author=${gone.username}`)).status).toBe(404);
    const [author, blocked] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await makePost(author.id);
    await block(author.id, blocked.id);
    const seen = await client().withToken(blocked.access).get(`/api/v1/media?author=${author.username}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ count: 0, results: [] });
    const hostile = await client().get(
      `/api/v1/media?author=${encodeURIComponent("' OR 1=1 --")}&page=${encodeURIComponent("1;DROP")}`,
    );
    expect(hostile.status).toBe(404);
  });
});

describe("GET /api/v1/media (the whole site)", () => {
  /** Items dated after every other test's, so they head the site list. */
  const ahead = (years: number, seconds: number) => new Date(Date.UTC(2100 + years, 0, 1, 0, 0, seconds));

  it("lists every visible author's media newest first, the kept count capped at 1000, 50 a page, anonymous or signed in", async () => {
    const [a, b, reader] = await Promise.all([makeUserWithToken(), makeUserWithToken(), makeUserWithToken()]);
    const older = await makeReel(a.id, { title: "older", createdAt: ahead(10, 1) });
    const newer = await makeReel(b.id, { type: "youtube_video", title: "newer", createdAt: ahead(10, 2) });
    const listed = await env.DB.prepare("SELECT count(*) AS n FROM posts WHERE author_visible = 1").first<{
      n: number;
    }>();
    for (const as of [client(), client().withToken(reader.access)]) {
      const res = await as.get("/api/v1/media");
      expect(res.status, res.text).toBe(200);
      const count = Math.min(listed!.n, 1000);
      expect(res.body).toMatchObject({ count, previous: null, tags: "" });
      expect(res.body.next).toBe(count > 50 ? "http://api.test/api/v1/media?page=2" : null);
      expect(res.body.results.slice(0, 2).map((m: { friendly_token: string }) => m.friendly_token)).toEqual([
        String(newer.id),
        String(older.id),
      ]);
      expect(res.body.results[1]).toMatchObject({
        api_url: `http://api.test/api/v1/media/${older.id}`,
        user: a.username,
        title: "older",
        media_type: "video",
      });
      expect(res.body.results[0]).toMatchObject({
        user: b.username,
        author_profile: `http://api.test/user/${b.username}/`,
      });
      expect(res.body.results.length).toBe(Math.min(count, 50));
      const detail = await as.get(res.body.results[1].api_url);
      expect(detail.status).toBe(200);
    }
  });

  it("leaves out hidden authors' media, and a block either way for the signed-in viewer; pages past the end or too deep are 404 Invalid page.", async () => {
    const [hidden, author, blocked] = await Promise.all([
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
    ]);
    const gone = await makeReel(hidden.id, { createdAt: ahead(20, 3) });
    const shown = await makeReel(author.id, { createdAt: ahead(20, 2) });
    await deactivate(hidden.id);
    await block(author.id, blocked.id);
    const head = async (token?: string) => {
      const res = await (token ? client().withToken(token) : client()).get("/api/v1/media");
      expect(res.status).toBe(200);
      return res.body.results[0].friendly_token as string;
    };
    expect(await head()).toBe(String(shown.id));
    expect(await head(blocked.access)).not.toBe(String(shown.id));
    expect(await head(blocked.access)).not.toBe(String(gone.id));
    const last = await client().get("/api/v1/media?page=last");
    expect(last.status).toBe(200);
    expect(last.body.next).toBeNull();
    for (const page of ["21", "99999999999999999999", "0", "abc"]) {
      const res = await client().get(`/api/v1/media?page=${page}`);
      expect([page, res.status]).toEqual([page, 404]);
      expect(res.body).toEqual({ detail: "Invalid page." });
    }
  });
});

describe("GET /api/v1/media/<friendly_token>", () => {
  it("every list item's api_url and url answer the item in MediaCMS's media-detail shape, with or without a trailing slash, anonymous or signed in", async () => {
    const [u, reader] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    const reel = await makeReel(u.id, { title: "a reel", viewCount: 4, likeCount: 2 });
    const list = await client().get(`/api/v1/media?author=${u.username}`);
    const [item] = list.body.results;
    const expected = {
      url: `http://api.test/api/v1/media/${reel.id}`,
      user: u.username,
      title: "a reel",
      description: "",
      add_date: reel.createdAt.toISOString(),
      media_type: "video",
      state: "public",
      is_shared: false,
      duration: 0,
      thumbnail_url: null,
      poster_url: null,
      preview_url: null,
      author_name: item.author_name,
      author_profile: `http://api.test/user/${u.username}/`,
      author_thumbnail: item.author_thumbnail,
      encodings_info: {},
      encoding_status: "success",
      views: 4,
      likes: 2,
      dislikes: 0,
      reported_times: 0,
      user_featured: false,
      original_media_url: expect.stringMatching(/^http:\/\/api\.test\//),
      size: null,
      categories_info: [],
      is_reviewed: true,
      tags_info: [],
      hls_info: {},
      subtitles_info: [],
      related_media: [],
    };
    for (const link of [item.api_url, item.url, `${item.api_url}/`]) {
      const res = await client().get(link);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual(expected);
    }
    const signedIn = await client().withToken(reader.access).get(item.api_url);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual(expected);
    const post = await makePost(u.id, { title: "a post", description: "words" });
    const image = await client().get(`/api/v1/media/${post.id}`);
    expect(image.status).toBe(200);
    expect(image.body).toMatchObject({
      media_type: "image",
      title: "a post",
      description: "words",
      original_media_url: null,
    });
  });

  it("400 media file does not exist, as MediaCMS answers, for a missing item, a hidden author, a block either way, and hostile tokens", async () => {
    const gone = { detail: "media file does not exist" };
    const [hidden, author, blocked] = await Promise.all([
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
    ]);
    const hiddenPost = await makePost(hidden.id);
    await deactivate(hidden.id);
    const blockedPost = await makePost(author.id);
    await block(author.id, blocked.id);
    const blockerSees = await makePost(blocked.id);
    const cases: [string, string | undefined][] = [
      [`/api/v1/media/${blockedPost.id + 1_000_000}`, undefined],
      [`/api/v1/media/${hiddenPost.id}`, undefined],
      [`/api/v1/media/${hiddenPost.id}`, author.access],
      [`/api/v1/media/${blockedPost.id}`, blocked.access],
      [`/api/v1/media/${blockerSees.id}`, author.access],
      ["/api/v1/media/abc", undefined],
      ["/api/v1/media/0", undefined],
      ["/api/v1/media/-1", undefined],
      [`/api/v1/media/${blockedPost.id}.0`, undefined],
      ["/api/v1/media/1e3", undefined],
      ["/api/v1/media/99999999999999999999999999", undefined],
      ["/api/v1/media/9007199254740993", undefined],
      [`/api/v1/media/${encodeURIComponent("1 OR 1=1")}`, undefined],
    ];
    for (const [path, token] of cases) {
      const res = await (token ? client().withToken(token) : client()).get(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body).toEqual(gone);
    }
    // The blocked item is there for everyone else.
    expect((await client().get(`/api/v1/media/${blockedPost.id}`)).status).toBe(200);
  });
});

describe("POST /api/v1/login, GET /api/v1/whoami, GET /api/v1/user/token", () => {
  it("login answers email, username and a token that authenticates as `Token <key>`", async () => {
    const u = await makeUserWithToken();
    const form = new FormData();
    form.append("username", u.username);
    form.append("password", u.password);
    const res = await client().request("POST", "/api/v1/login", { body: form });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ email: expect.anything(), username: u.username, token: expect.any(String) });
    const me = await client().request("GET", "/api/v1/whoami", {
      headers: { Authorization: `Token ${res.body.token}` },
    });
    expect(me.status, me.text).toBe(200);
    expect(me.body).toMatchObject({
      username: u.username,
      api_url: `http://api.test/api/v1/users/${u.username}`,
    });
    const token = await client().request("GET", "/api/v1/user/token", {
      headers: { Authorization: `Token ${res.body.token}` },
    });
    expect(token.status).toBe(200);
    expect(token.body).toEqual({ token: expect.any(String) });
    const again = await client().request("GET", "/api/v1/whoami", {
      headers: { Authorization: `Token ${token.body.token}` },
    });
    expect(again.body.username).toBe(u.username);
  });

  it("400 in DRF's words for a wrong password, an unknown user, missing fields", async () => {
    const u = await makeUserWithToken();
    const wrong = await client().post("/api/v1/login", { username: u.username, password: "not-it-at-all" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ non_field_errors: ["User not found."] });
    const unknown = await client().post("/api/v1/login", {
      username: `ghost_${Date.now()}`,
      password: "whatever1",
    });
    expect(unknown.body).toEqual({ non_field_errors: ["User not found."] });
    const noPassword = await client().post("/api/v1/login", { username: u.username });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body).toEqual({ password: ["This field is required."] });
    const noName = await client().post("/api/v1/login", { password: "x" });
    expect(noName.body).toEqual({ non_field_errors: ["username or email is required to log in."] });
    const hostile = await client().post("/api/v1/login", { username: ["a"], password: { x: 1 } });
    expect(hostile.status).toBe(400);
    expect(hostile.body).toEqual({ username: ["Not a valid string."], password: ["Not a valid string."] });
  });

  it("a login's key lives past the access token's 15 minutes, until logout; an account keeps its newest 20 keys", async () => {
    const u = await makeUserWithToken();
    const login = await client().post("/api/v1/login", { username: u.username, password: u.password });
    expect(login.status, login.text).toBe(200);
    const key = login.body.token as string;
    expect(key).not.toContain(".");
    const whoami = (k: string) =>
      client().request("GET", "/api/v1/whoami", { headers: { Authorization: `Token ${k}` } });
    expect((await whoami(key)).status).toBe(200);
    const minted: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await client().request("GET", "/api/v1/user/token", {
        headers: { Authorization: `Token ${key}` },
      });
      minted.push(res.body.token as string);
    }
    expect((await whoami(key)).status).toBe(401);
    expect((await whoami(minted[0]!)).status).toBe(200);
    expect((await whoami(minted[19]!)).status).toBe(200);
    const out = await client().request("POST", "/user/logout/", {
      headers: { Authorization: `Token ${minted[19]}` },
    });
    expect(out.status).toBeLessThan(400);
    expect((await whoami(minted[19]!)).status).toBe(401);
    expect((await whoami(minted[18]!)).status).toBe(200);
  });

  it("whoami and user/token need credentials", async () => {
    for (const path of ["/api/v1/whoami", "/api/v1/user/token"]) {
      const res = await client().get(path);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
    }
  });
});

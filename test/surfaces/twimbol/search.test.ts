import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { asSeenByOthers } from "../../helpers/profiles";
import { SEARCH_CANDIDATES, SEARCH_RESULTS_MAX } from "../../../src/domain/posts/search-reels";
import {
  block,
  makePost,
  makeReel,
  makeUser,
  makeUserWithToken,
  renameUser,
  testDeps,
  uniqueName,
} from "../../helpers/factories";
import { purgeAll } from "../../helpers/purge";

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

const REQUIRED = { query: ["This field is required."] };
/** Each test searches for its own marker (no underscore, so a username made with it holds it whole). */
const marker = () => uniqueName("m").replaceAll("_", "x");
const search = (query: string, token?: string) => {
  const client = new Client();
  if (token) client.withToken(token);
  return client.get(`/api/search/?query=${encodeURIComponent(query)}`);
};
const idsOf = (body: { results: { id: number }[] }) => body.results.map((r) => r.id);
const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));

let clock = Date.now();
const later = () => new Date((clock += 60_000));

describe("GET /api/search/", () => {
  it("200: the query and its results, every documented field, reels_data the reel item, created_by the username", async () => {
    const author = await makeUserWithToken();
    const tag = marker();
    const reel = await makeReel(author.id, {
      title: `Epic ${tag} Reel`,
      description: "Check out my moves",
      likeCount: 5,
      viewCount: 100,
    });
    const res = await search(tag);
    expectStatus(res, 200);
    const reels = await new Client().get("/api/reels/?page_size=100");
    expectStatus(reels, 200);
    const item = reels.body.results.find((r) => r.post === reel.id);
    const own = await new Client().withToken(author.access).get("/user/api/profile/");
    expectStatus(own, 200);
    expect(res.body).toEqual({
      query: tag,
      results: [
        {
          id: reel.id,
          post_title: `Epic ${tag} Reel`,
          post_type: "reel",
          post_description: "Check out my moves",
          post_banner: "/media/img/posts/post_banner_default.jpg",
          created_by: author.username,
          created_at: reel.createdAt.toISOString(),
          priority: 1,
          trending_score: 110,
          reels_data: item,
          user_profile: asSeenByOthers(own.body[0]!),
          username: { username: author.username },
        },
      ],
    });
  });

  it("400 when query is missing, empty or blank", async () => {
    for (const path of [
      "/api/search/",
      "/api/search/?query=",
      "/api/search/?query=%20%20",
      "/api/search/?other=x",
    ]) {
      const res = await new Client().raw.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toEqual(REQUIRED);
    }
  });

  it("400 for a NUL in the query, as in every text field", async () => {
    const res = await new Client().raw.get("/api/search/?query=ab%00cd");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ query: ["Null characters are not allowed."] });
  });

  it("reels only: posts and videos that match are left out", async () => {
    const author = await makeUser();
    const tag = marker();
    const reel = await makeReel(author.id, { title: tag });
    const short = await makeReel(author.id, { type: "youtube_reel", title: tag });
    await makeReel(author.id, { type: "video", title: tag });
    await makeReel(author.id, { type: "youtube_video", title: tag });
    await makePost(author.id, { title: tag });
    const res = await search(tag);
    expectStatus(res, 200);
    expect(idsOf(res.body).sort()).toEqual([reel.id, short.id].sort());
  });

  it("a substring of the title, description or username, case-insensitively", async () => {
    const tag = marker();
    const creator = await makeUser({ username: `Dj${tag}Crew` });
    const other = await makeUser();
    const inTitle = await makeReel(other.id, { title: `xx${tag.toUpperCase()}yy` });
    const inDescription = await makeReel(other.id, { title: "t", description: `before ${tag}after` });
    const byName = await makeReel(creator.id, { title: "t" });
    await makeReel(other.id, { title: tag.slice(0, -1) });
    const res = await search(tag.toLowerCase());
    expectStatus(res, 200);
    expect(idsOf(res.body).sort()).toEqual([inTitle.id, inDescription.id, byName.id].sort());
  });

  it("order: priority (1 title, 2 type reel, 3 username, 4 description), then 2 × likes + views, then newest", async () => {
    const tag = marker();
    const named = await makeUser({ username: `by${tag}` });
    const other = await makeUser();
    // Priority 1: the title holds the query, a reel or a YouTube reel alike; B's 5 views beat A's 1 like (2).
    const a = await makeReel(other.id, { title: `${tag} a`, likeCount: 1, createdAt: later() });
    const b = await makeReel(other.id, {
      type: "youtube_reel",
      title: `${tag} b`,
      viewCount: 5,
      createdAt: later(),
    });
    // Priority 2: a reel matched otherwise (description, username); C and D tie at 10, D is newer.
    // E outscores both: 3 likes and 5 views make 11.
    const c = await makeReel(other.id, { title: "c", description: tag, likeCount: 5, createdAt: later() });
    const d = await makeReel(named.id, { title: "d", viewCount: 10, createdAt: later() });
    const e = await makeReel(other.id, {
      title: "e",
      description: tag,
      likeCount: 3,
      viewCount: 5,
      createdAt: later(),
    });
    // Priority 3: a YouTube reel whose creator's username matches, even with a matching description too.
    const f = await makeReel(named.id, {
      type: "youtube_reel",
      title: "f",
      description: tag,
      createdAt: later(),
    });
    // Priority 4: a YouTube reel matched by its description alone, however popular.
    const g = await makeReel(other.id, {
      type: "youtube_reel",
      title: "g",
      description: `x${tag}`,
      likeCount: 1000,
      createdAt: later(),
    });
    // Reels that do not match are not "any other reel": they are not results at all.
    await makeReel(other.id, { title: "unrelated", likeCount: 99, createdAt: later() });
    const res = await search(tag);
    expectStatus(res, 200);
    expect(res.body.results.map((r) => [r.id, r.priority, r.trending_score])).toEqual([
      [b.id, 1, 5],
      [a.id, 1, 2],
      [e.id, 2, 11],
      [d.id, 2, 10],
      [c.id, 2, 10],
      [f.id, 3, 0],
      [g.id, 4, 2000],
    ]);
  });

  it("at most 50 results: the top ones by trending score", async () => {
    const tag = marker();
    const author = await makeUser();
    const deps = testDeps();
    const made = [];
    for (let i = 0; i < 55; i++)
      made.push(await makeReel(author.id, { title: `${tag} ${i}`, viewCount: i }, deps));
    const res = await search(tag);
    expectStatus(res, 200);
    expect(idsOf(res.body)).toEqual(
      made
        .slice(5)
        .reverse()
        .map((r) => r.id),
    );
  });

  it("ranks only the newest SEARCH_CANDIDATES matches: an older title match behind them is not found", async () => {
    const tag = marker();
    const author = await makeUser();
    const old = await makeReel(author.id, { type: "youtube_reel", title: tag, createdAt: later() });
    const base = later().getTime();
    await env.DB.prepare(
      `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
       INSERT INTO posts (post_type, post_title, post_description, created_by, created_at, youtube_id)
       SELECT 'youtube_reel', 'newer ' || i, ?, ?, ? + i, ? || i FROM s`,
    )
      .bind(SEARCH_CANDIDATES, `about ${tag}`, author.id, base, uniqueName("yt"))
      .run();
    const res = await search(tag);
    expectStatus(res, 200);
    expect(res.body.results).toHaveLength(SEARCH_RESULTS_MAX);
    expect(idsOf(res.body)).not.toContain(old.id);
    expect(new Set(res.body.results.map((r) => r.priority))).toEqual(new Set([4]));
    // One match fewer in the window and the title match is in it, ranked first.
    await env.DB.prepare("DELETE FROM posts WHERE created_by = ? AND post_title = 'newer 1'")
      .bind(author.id)
      .run();
    const again = await search(tag);
    expectStatus(again, 200);
    expect(again.body.results[0]).toMatchObject({ id: old.id, priority: 1 });
    // Out of the way of the later tests' own windows.
    await env.DB.prepare("DELETE FROM posts WHERE created_by = ?").bind(author.id).run();
  });

  it("the window holds only reels a search can show: newer tombstoned reels and reels of a hidden author take no slot", async () => {
    const tag = marker();
    const author = await makeUser();
    const hidden = await makeUser();
    const old = await makeReel(author.id, { type: "youtube_reel", title: tag, createdAt: later() });
    const base = later().getTime();
    const insertNewer = (by: number, from: number) =>
      env.DB.prepare(
        `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
         INSERT INTO posts (post_type, post_title, post_description, created_by, created_at, youtube_id)
         SELECT 'youtube_reel', 'newer ' || i, ?, ?, ? + ? + i, ? || i FROM s`,
      )
        .bind(SEARCH_CANDIDATES / 2, `about ${tag}`, by, base, from, uniqueName("yt"))
        .run();
    await insertNewer(author.id, 0);
    await insertNewer(hidden.id, SEARCH_CANDIDATES);
    // As a deletion and a ban leave them: tombstones, and an author no one else sees.
    await env.DB.prepare("UPDATE posts SET deleted_at = ? WHERE created_by = ? AND id <> ?")
      .bind(Date.now(), author.id, old.id)
      .run();
    await env.DB.prepare("UPDATE users SET is_banned = 1 WHERE id = ?").bind(hidden.id).run();
    const res = await search(tag);
    expectStatus(res, 200);
    // Nor are they read: 6 rows, where the window of 100 dropped candidates read 200.
    expect(Number(res.headers.get("X-D1-Rows-Read"))).toBeLessThan(20);
    expect(res.body).toMatchObject({ query: tag, results: [{ id: old.id, priority: 1, post_title: tag }] });
    expect(res.body.results).toHaveLength(1);
    // The author seen again: their reels are back in the index, and so in the window.
    await env.DB.prepare("UPDATE users SET is_banned = 0 WHERE id = ?").bind(hidden.id).run();
    const again = await search(tag);
    expectStatus(again, 200);
    expect(again.body.results).toHaveLength(SEARCH_RESULTS_MAX);
    expect(again.body.results[0]).toMatchObject({ id: old.id, priority: 1 });
    expect(new Set(again.body.results.slice(1).map((r) => r.created_by))).toEqual(new Set([hidden.username]));
    // Out of the way of the later tests' own windows.
    await env.DB.prepare("DELETE FROM posts WHERE created_by IN (?, ?)").bind(author.id, hidden.id).run();
  });

  it("a query outside ASCII folds case as the index does, in the ranking too", async () => {
    const tag = `Ωé${marker()}`;
    const author = await makeUser();
    const inTitle = await makeReel(author.id, {
      type: "youtube_reel",
      title: `xx${tag.toUpperCase()}yy`,
      createdAt: later(),
    });
    const inDescription = await makeReel(author.id, {
      type: "youtube_reel",
      title: "t",
      description: tag.toUpperCase(),
      likeCount: 5,
      createdAt: later(),
    });
    const res = await search(tag.toLowerCase());
    expectStatus(res, 200);
    expect(res.body.results.map((r) => [r.id, r.priority])).toEqual([
      [inTitle.id, 1],
      [inDescription.id, 4],
    ]);
  });

  it("one- and two-character queries (no trigram to look up) still match substrings, with % and _ literal", async () => {
    const author = await makeUser();
    const two = await makeReel(author.id, { title: "say Ωζ twice" });
    const one = await makeReel(author.id, { title: "ζ alone" });
    const percent = await makeReel(author.id, { title: "100% real" });
    await makeReel(author.id, { title: "1000 real" });
    const res2 = await search("Ωζ");
    expectStatus(res2, 200);
    expect(idsOf(res2.body)).toEqual([two.id]);
    const res1 = await search("ζ");
    expectStatus(res1, 200);
    expect(idsOf(res1.body).sort()).toEqual([two.id, one.id].sort());
    const literal = await search("0%");
    expectStatus(literal, 200);
    expect(idsOf(literal.body)).toEqual([percent.id]);
    expect(literal.body.results[0]!.priority).toBe(1);
  });

  it("hostile queries are literal text: quotes, *, NEAR, parentheses, column filters, operators; never a 500", async () => {
    const author = await makeUser();
    const tag = marker();
    const quoted = await makeReel(author.id, {
      title: `${tag} he said "hi" (NEAR*) title:x {a b} ^c -d AND e OR f NOT g`,
    });
    const hostile = [
      '"',
      '""',
      '"hi"',
      'said "hi"',
      "*",
      "hi*",
      "NEAR(",
      "(NEAR*)",
      "NEAR(a b, 2)",
      "(",
      ")",
      "title:x",
      "{a b}",
      "title : x",
      "^c",
      "-d",
      "AND e OR f",
      "NOT g",
      "a OR b",
      `${tag}" OR "`,
      "x".repeat(100),
      "💃🏽 dance",
      "\\",
      "'; DROP TABLE posts; --",
    ];
    for (const q of hostile) {
      const res = await new Client().raw.get(`/api/search/?query=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.body.query, q).toBe(q);
    }
    // Bounded (issue 19 item 2): a query past 100 characters is a field error, not a 2,000-character FTS phrase.
    const long = await new Client().raw.get(`/api/search/?query=${"x".repeat(2000)}`);
    expect(long.status).toBe(400);
    expect(long.body).toEqual({ query: ["Ensure this field has no more than 100 characters."] });
    for (const q of ['said "hi"', "(NEAR*)", "title:x", "{a b}", "-d AND e OR f NOT g"]) {
      const res = await search(q);
      expectStatus(res, 200);
      expect(idsOf(res.body), q).toEqual([quoted.id]);
    }
    const miss = await search(`${tag}" OR "`);
    expectStatus(miss, 200);
    expect(miss.body.results).toEqual([]);
  });

  describe("the index keeps in step with every write", () => {
    it("a title or description edit: the old text is no longer found, the new one is", async () => {
      const author = await makeUserWithToken();
      const [oldTag, newTag, descTag] = [marker(), marker(), marker()];
      const reel = await makeReel(author.id, { title: `${oldTag} title` });
      expect(idsOf((await search(oldTag)).body as { results: { id: number }[] })).toEqual([reel.id]);
      const edit = await new Client()
        .withToken(author.access)
        .patch(`/api/posts/${reel.id}/`, { post_title: `${newTag} title`, post_description: descTag });
      expectStatus(edit, 200);
      const old = await search(oldTag);
      expectStatus(old, 200);
      expect(old.body.results).toEqual([]);
      const fresh = await search(newTag);
      expectStatus(fresh, 200);
      expect(fresh.body.results.map((r) => [r.id, r.post_title])).toEqual([[reel.id, `${newTag} title`]]);
      const described = await search(descTag);
      expectStatus(described, 200);
      expect(described.body.results.map((r) => [r.id, r.priority])).toEqual([[reel.id, 2]]);
    });

    it("a username change: the creator's reels are found by the new name, not the old", async () => {
      const [oldTag, newTag] = [marker(), marker()];
      const creator = await makeUser({ username: `old${oldTag}` });
      const reel = await makeReel(creator.id, { type: "youtube_reel", title: "t" });
      const other = await makeReel(creator.id, { title: "u" });
      const before = await search(oldTag);
      expectStatus(before, 200);
      expect(idsOf(before.body).sort()).toEqual([reel.id, other.id].sort());
      await renameUser(creator.id, `new${newTag}`);
      const old = await search(oldTag);
      expectStatus(old, 200);
      expect(old.body.results).toEqual([]);
      const renamed = await search(newTag);
      expectStatus(renamed, 200);
      expect(renamed.body.results.map((r) => [r.id, r.priority, r.created_by])).toEqual([
        [other.id, 2, `new${newTag}`],
        [reel.id, 3, `new${newTag}`],
      ]);
    });

    it("a delete: the reel is gone from the index", async () => {
      const author = await makeUserWithToken();
      const tag = marker();
      const reel = await makeReel(author.id, { title: tag });
      const kept = await makeReel(author.id, {
        title: `${tag} kept`,
        createdAt: new Date(Date.now() - 1000),
      });
      const del = await new Client().withToken(author.access).delete(`/api/posts/${reel.id}/`);
      expect(del.status).toBe(204);
      const res = await search(tag);
      expectStatus(res, 200);
      expect(idsOf(res.body)).toEqual([kept.id]);
      // The deleted post is a tombstone until the cron purges it; its index entry goes with the row.
      await purgeAll();
      const indexed = await env.DB.prepare("SELECT rowid AS id FROM posts_search WHERE posts_search MATCH ?")
        .bind(`"${tag}"`)
        .all<{ id: number }>();
      expect(indexed.results.map((r) => r.id)).toEqual([kept.id]);
    });
  });

  describe("exclusions", () => {
    let tag: string;
    let viewer: Awaited<ReturnType<typeof makeUserWithToken>>;
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      tag = marker();
      viewer = await makeUserWithToken();
      const author = await makeUser();
      const blockedByViewer = await makeUser();
      const blockerOfViewer = await makeUser();
      ids.plain = (await makeReel(author.id, { title: `${tag} plain`, createdAt: later() })).id;
      ids.liked = (await makeReel(author.id, { title: `${tag} liked`, createdAt: later() })).id;
      ids.hidden = (await makeReel(author.id, { title: `${tag} hidden`, createdAt: later() })).id;
      ids.reported = (await makeReel(author.id, { title: `${tag} reported`, createdAt: later() })).id;
      ids.blocked = (await makeReel(blockedByViewer.id, { title: `${tag} blocked`, createdAt: later() })).id;
      ids.blocker = (await makeReel(blockerOfViewer.id, { title: `${tag} blocker`, createdAt: later() })).id;
      await like(viewer.id, ids.liked);
      await hide(viewer.id, ids.hidden);
      await report(viewer.id, ids.reported);
      await block(viewer.id, blockedByViewer.id);
      await block(blockerOfViewer.id, viewer.id);
    });

    it("a signed-in viewer does not find reels they hid or reported, nor reels across a block either way", async () => {
      const res = await search(tag, viewer.access);
      expectStatus(res, 200);
      expect(res.body.results.map((r) => [r.id, r.reels_data.liked_by_user])).toEqual([
        [ids.liked, true],
        [ids.plain, false],
      ]);
    });

    it("anonymous viewers find every one, with every flag false", async () => {
      const res = await search(tag);
      expectStatus(res, 200);
      expect(idsOf(res.body)).toEqual([
        ids.blocker,
        ids.blocked,
        ids.reported,
        ids.hidden,
        ids.liked,
        ids.plain,
      ]);
      expect(
        res.body.results.every(
          (r) =>
            !r.reels_data.liked_by_user && !r.reels_data.hidden_by_user && !r.reels_data.reported_by_user,
        ),
      ).toBe(true);
    });
  });

  it("D1 statements: the ranked candidates in one, then flags and authors (comment counts are kept on the row), whatever the number of results", async () => {
    const author = await makeUser();
    const deps = testDeps();
    const [few, many] = [marker(), marker()];
    await makeReel(author.id, { title: few }, deps);
    for (let i = 0; i < 50; i++) await makeReel(author.id, { title: `${many} ${i}` }, deps);
    const viewer = await makeUserWithToken();
    for (const [tag, n] of [
      [few, 1],
      [many, 50],
    ] as const) {
      const anonymous = await search(tag);
      expectStatus(anonymous, 200);
      expect(anonymous.body.results).toHaveLength(n);
      expect(queries(anonymous), `anonymous, ${n}`).toBe(2);
      const signedIn = await search(tag, viewer.access);
      expectStatus(signedIn, 200);
      expect(signedIn.body.results).toHaveLength(n);
      expect(queries(signedIn), `signed in, ${n}`).toBe(4);
    }
    const short = await search("zq");
    expectStatus(short, 200);
    expect(queries(short), "a short query").toBe(short.body.results.length ? 2 : 1);
  });

  it("looks candidates up in the FTS index, not by scanning posts", async () => {
    const plan = await env.DB.prepare(
      "EXPLAIN QUERY PLAN SELECT id FROM posts WHERE post_type LIKE '%reel' AND id IN (SELECT rowid FROM posts_search WHERE posts_search MATCH ?)",
    )
      .bind('"abc"')
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join(" | ");
    expect(details).toMatch(/VIRTUAL TABLE INDEX/);
    expect(details).toMatch(/SEARCH posts USING INTEGER PRIMARY KEY/);
  });
});

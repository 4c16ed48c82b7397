// Issue 20 §4: a deletion hides at once, in one short statement; the cron removes the rows in bounded chunks.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { QueryCounter } from "../../src/db/client";
import { systemCtx } from "../../src/domain/context";
import type { ChunkLimits } from "../../src/domain/maintenance/chunks";
import { purgeDeleted } from "../../src/domain/maintenance/purge-deleted";
import worker from "../../src/index";
import { Client, expectStatus } from "../helpers/client";
import { comment, like, makePost, makeUserWithToken, testDeps, uniqueName } from "../helpers/factories";

const NOT_FOUND = { detail: "Not found." };
const NOW = Date.now();

const one = async <T>(sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<T>())!;
const n = async (sql: string, ...args: unknown[]) => (await one<{ n: number }>(sql, ...args)).n;
const run = (sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .run();

/** `count` accounts named `<tag>_<i>`, inserted by one set-based statement; their ids. */
async function seedUsers(tag: string, count: number): Promise<{ first: number; last: number }> {
  await run(
    `INSERT INTO users (username, username_key, password_hash, date_joined)
     WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
     SELECT ? || '_' || i, ? || '_' || i, 'x', ? FROM seq`,
    count,
    tag,
    tag,
    NOW,
  );
  return one(
    `SELECT min(id) AS first, max(id) AS last FROM users WHERE username_key LIKE ? || '\\_%' ESCAPE '\\'`,
    tag,
  );
}

/**
 * Every kept counter that differs from a fresh count of its rows: per post (likes, visible
 * comments, the newest ten), per list, per author and type, per user (media count, latest).
 */
async function drift(): Promise<unknown[]> {
  // One statement per counter: D1 caps the terms of a compound SELECT.
  const checks = [
    `SELECT 'like_count' AS what, id FROM posts p WHERE like_count <> (SELECT count(*) FROM post_likes l WHERE l.post_id = p.id)`,
    `SELECT 'comment_count' AS what, id FROM posts p WHERE comment_count <> (SELECT count(*) FROM comments c WHERE c.post_id = p.id AND c.author_visible = 1)`,
    `SELECT 'recent_comments' AS what, id FROM posts p WHERE deleted_at IS NULL AND recent_comments <>
       (SELECT json_group_array(comment) FROM (SELECT c.comment FROM comments c WHERE c.post_id = p.id AND c.author_visible = 1 ORDER BY c.id DESC LIMIT 10))`,
    `SELECT l.name AS what, n AS id FROM list_counts l WHERE l.name LIKE 'posts:%'
       AND n <> (SELECT count(*) FROM posts p WHERE 'posts:' || p.post_type = l.name AND p.author_visible = 1 AND p.deleted_at IS NULL)`,
    `SELECT name AS what, n AS id FROM list_counts WHERE name = 'users:visible' AND n <> (SELECT count(*) FROM users WHERE is_active = 1 AND user_status = 1 AND is_banned = 0)`,
    `SELECT 'author_post_counts' AS what, author_id AS id FROM author_post_counts a
       WHERE n <> (SELECT count(*) FROM posts p WHERE p.created_by = a.author_id AND p.post_type = a.post_type AND p.deleted_at IS NULL)`,
    `SELECT 'media_count' AS what, id FROM users u WHERE media_count <> (SELECT count(*) FROM posts p WHERE p.created_by = u.id AND p.deleted_at IS NULL)`,
    `SELECT 'latest_media_at' AS what, id FROM users u WHERE latest_media_at IS NOT (SELECT max(created_at) FROM posts p WHERE p.created_by = u.id AND p.deleted_at IS NULL)`,
  ];
  const answers = await env.DB.batch(checks.map((q) => env.DB.prepare(q)));
  return answers.flatMap((a) => a.results);
}

/** One purge run, as the cron makes it, with its rows written (D1's `meta.rows_written`). */
async function purgeRun(limits: ChunkLimits) {
  const counter: QueryCounter = { count: 0 };
  const report = await purgeDeleted(systemCtx(testDeps({ counter })), { limits });
  return { report, statements: counter.count, rowsWritten: counter.rowsWritten ?? NaN };
}

/** Runs until nothing is left; after every run, every counter equals a fresh count. */
async function purgeInRuns(limits: ChunkLimits) {
  const runs = [];
  for (let i = 0; i < 100; i++) {
    const r = await purgeRun(limits);
    runs.push(r);
    expect(await drift(), `counters after run ${i + 1}`).toEqual([]);
    if (!r.report.more) return runs;
  }
  throw new Error("the purge never finished");
}

const LIMITS: ChunkLimits = { chunk: 200, statements: 10 };
/**
 * D1's rows written per row a chunk takes: measured 1 for a like (with its post's count, once
 * per batch) and 2 for a comment (its trigger rewrites the post's count). A constant per chunk,
 * where one statement for the whole post would write all 7,700 rows at once.
 */
const WRITES_PER_ROW = 3;
const maxWritesPerRun = LIMITS.statements * LIMITS.chunk * WRITES_PER_ROW;

describe("deleting a post with thousands of likes and comments", () => {
  it("it leaves every API and count at once; the cron removes its rows in bounded runs, counters exact after each, nothing else touched", async () => {
    const tag = uniqueName("pl");
    const author = await makeUserWithToken();
    const client = new Client().withToken(author.access);
    const doomed = await makePost(author.id, { title: `${tag} doomed` });
    const kept = await makePost(author.id, { title: `${tag} kept` });
    const seeded = await seedUsers(tag, 2500);
    // Set-based: 2,500 likes, 5,000 comments, 100 hides and reports, 300 notifications pointing at it.
    await run(
      `INSERT INTO post_likes (user_id, post_id, created_at) SELECT id, ?, ? FROM users WHERE id BETWEEN ? AND ?`,
      doomed.id,
      NOW,
      seeded.first,
      seeded.last,
    );
    await run(
      `UPDATE posts SET like_count = (SELECT count(*) FROM post_likes WHERE post_id = ?) WHERE id = ?`,
      doomed.id,
      doomed.id,
    );
    await run(
      `INSERT INTO comments (post_id, user_id, comment, created_at) SELECT ?, u.id, 'c' || u.id || '_' || k.value, ? FROM users u, json_each('[1,2]') k WHERE u.id BETWEEN ? AND ?`,
      doomed.id,
      NOW,
      seeded.first,
      seeded.last,
    );
    await run(
      `INSERT INTO post_hides (user_id, post_id, created_at) SELECT id, ?, ? FROM users WHERE id BETWEEN ? AND ? + 99`,
      doomed.id,
      NOW,
      seeded.first,
      seeded.first,
    );
    await run(
      `INSERT INTO post_reports (user_id, post_id, created_at) SELECT id, ?, ? FROM users WHERE id BETWEEN ? AND ? + 99`,
      doomed.id,
      NOW,
      seeded.first,
      seeded.first,
    );
    await run(
      `INSERT INTO notifications (user_id, event, actor_id, object_kind, object_id, notification_type, message, created_at)
       SELECT ?, 'like', id, 'post', ?, 'like', '', ? FROM users WHERE id BETWEEN ? AND ? + 299`,
      author.id,
      doomed.id,
      NOW,
      seeded.first,
      seeded.first,
    );
    // What must survive: the other post's like and comment, by the same users.
    await like(seeded.first, kept.id);
    await comment(seeded.first + 1, kept.id, "stays");
    expect(await drift()).toEqual([]);
    const feedBefore = await new Client().get(`/api/posts/?search=${tag}`);
    expectStatus(feedBefore, 200);
    expect(feedBefore.body.count).toBe(2);
    const listedBefore = await n(`SELECT n FROM list_counts WHERE name = 'posts:post'`);

    const deleted = await new Client().withToken(author.access).delete(`/api/posts/${doomed.id}/`);
    expectStatus(deleted, 204);

    // At once, before any purge: every API has lost it, and every count with it.
    for (const path of [
      `/api/posts/${doomed.id}/`,
      `/api/posts/${doomed.id}/comments/`,
      `/api/post_likes/${doomed.id}/`,
    ] as const) {
      const res = await client.raw.get(path);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 404, body: NOT_FOUND });
    }
    const feed = await new Client().get(`/api/posts/?search=${tag}`);
    expectStatus(feed, 200);
    expect(feed.body.count).toBe(1);
    expect(feed.body.results.map((p) => p.id)).toEqual([kept.id]);
    expect(await n(`SELECT n FROM list_counts WHERE name = 'posts:post'`)).toBe(listedBefore - 1);
    expect(await n(`SELECT media_count AS n FROM users WHERE id = ?`, author.id)).toBe(1);
    expectStatus(await client.raw.delete(`/api/posts/${doomed.id}/`), 404);
    expect(await drift()).toEqual([]);
    // Nothing went yet: the rows wait for the cron.
    expect(await n(`SELECT count(*) AS n FROM post_likes WHERE post_id = ?`, doomed.id)).toBe(2500);

    const runs = await purgeInRuns(LIMITS);
    expect(runs.length).toBeGreaterThanOrEqual(5);
    for (const r of runs) {
      expect(r.statements).toBeLessThanOrEqual(LIMITS.statements * 2 + 4);
      expect(r.rowsWritten).toBeLessThanOrEqual(maxWritesPerRun);
    }
    expect(runs.at(-1)!.report).toMatchObject({ posts: 1, more: false });
    for (const table of ["post_likes", "post_hides", "post_reports", "comments"])
      expect(await n(`SELECT count(*) AS n FROM ${table} WHERE post_id = ?`, doomed.id), table).toBe(0);
    expect(await n(`SELECT count(*) AS n FROM posts WHERE id = ?`, doomed.id)).toBe(0);
    expect(
      await n(
        `SELECT count(*) AS n FROM notifications WHERE object_kind = 'post' AND object_id = ?`,
        doomed.id,
      ),
    ).toBe(0);
    // Nothing else: the notifications stay (unlinked), the other post keeps its like and comment, the users stay.
    expect(
      await n(
        `SELECT count(*) AS n FROM notifications WHERE user_id = ? AND event = 'like' AND object_id IS NULL`,
        author.id,
      ),
    ).toBe(300);
    expect(await one(`SELECT like_count, comment_count FROM posts WHERE id = ?`, kept.id)).toEqual({
      like_count: 1,
      comment_count: 1,
    });
    expect(
      await n(`SELECT count(*) AS n FROM users WHERE id BETWEEN ? AND ?`, seeded.first, seeded.last),
    ).toBe(2500);
    expect(await drift()).toEqual([]);
  }, 60_000);
});

describe("deleting an account that liked, commented and followed thousands of times", () => {
  it("it leaves every API and count at once; the cron removes its rows in bounded runs, counters exact after each, nothing else touched", async () => {
    const tag = uniqueName("al");
    const u = await makeUserWithToken();
    const other = await makeUserWithToken();
    const seeded = await seedUsers(tag, 2000);
    // The other author's 2,000 posts, each liked and commented on by the account and by one seeded user.
    await run(
      `INSERT INTO posts (post_type, post_title, created_by, created_at)
       WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 2000)
       SELECT 'post', ? || ' other ' || i, ?, ? - i FROM seq`,
      tag,
      other.id,
      NOW,
    );
    const others = `SELECT id FROM posts WHERE created_by = ${other.id}`;
    await run(
      `INSERT INTO post_likes (user_id, post_id, created_at) SELECT ?, id, ? FROM (${others})`,
      u.id,
      NOW,
    );
    await run(
      `INSERT INTO post_likes (user_id, post_id, created_at) SELECT ?, id, ? FROM (${others})`,
      seeded.first,
      NOW,
    );
    await run(`UPDATE posts SET like_count = like_count + 2 WHERE created_by = ?`, other.id);
    await run(
      `INSERT INTO comments (post_id, user_id, comment, created_at) SELECT id, ?, 'kept', ? FROM (${others})`,
      seeded.first,
      NOW,
    );
    await run(
      `INSERT INTO comments (post_id, user_id, comment, created_at) SELECT id, ?, 'from the deleted account', ? FROM (${others})`,
      u.id,
      NOW + 1,
    );
    // It follows every seeded user, 500 follow it, it blocks 10; 1,500 notifications name it.
    await run(
      `INSERT INTO follows (follower_id, followee_id, created_at) SELECT ?, id, ? FROM users WHERE id BETWEEN ? AND ?`,
      u.id,
      NOW,
      seeded.first,
      seeded.last,
    );
    await run(
      `INSERT INTO follows (follower_id, followee_id, created_at) SELECT id, ?, ? FROM users WHERE id BETWEEN ? AND ? + 499`,
      u.id,
      NOW,
      seeded.first,
      seeded.first,
    );
    await run(
      `INSERT INTO blocks (blocker_id, blocked_id, created_at) SELECT ?, id, ? FROM users WHERE id BETWEEN ? + 1000 AND ? + 1009`,
      u.id,
      NOW,
      seeded.first,
      seeded.first,
    );
    await run(
      `INSERT INTO notifications (user_id, event, actor_id, data, notification_type, message, created_at)
       SELECT id, 'follow', ?, json_object('username', ?), 'follow', '', ? FROM users WHERE id BETWEEN ? AND ? + 1499`,
      u.id,
      u.username,
      NOW,
      seeded.first,
      seeded.first,
    );
    // A week of busy group chats: 7,000 frames on its chat feed, more than one run may write.
    await run(
      `INSERT INTO chat_feed (user_id, chat_id, kind, change, subject_id, muted, created_at)
       WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 7000)
       SELECT ?, 1, 'members', 'manager_added', ?, 0, ? FROM seq`,
      u.id,
      u.id,
      NOW,
    );
    // Its own post, liked and commented on by 1,000 seeded users; and what must survive: a follow between two others.
    const own = await makePost(u.id, { title: `${tag} own` });
    await run(
      `INSERT INTO post_likes (user_id, post_id, created_at) SELECT id, ?, ? FROM users WHERE id BETWEEN ? AND ? + 999`,
      own.id,
      NOW,
      seeded.first,
      seeded.first,
    );
    await run(`UPDATE posts SET like_count = 1000 WHERE id = ?`, own.id);
    await run(
      `INSERT INTO comments (post_id, user_id, comment, created_at) SELECT ?, id, 'on its post', ? FROM users WHERE id BETWEEN ? AND ? + 999`,
      own.id,
      NOW,
      seeded.first,
      seeded.first,
    );
    await run(
      `INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)`,
      seeded.last,
      other.id,
      NOW,
    );
    expect(await drift()).toEqual([]);
    const firstOther = await one<{ id: number }>(
      `SELECT id FROM posts WHERE created_by = ? ORDER BY id LIMIT 1`,
      other.id,
    );
    const before = await new Client().raw.get(`/api/posts/${firstOther.id}/comments/`);
    expectStatus(before, 200);
    expect(before.body.count).toBe(2);

    const res = await new Client().withToken(u.access).delete(`/api/v1/users/${u.username}`);
    expectStatus(res, 204);

    // At once, before any purge: the account, its post and its comments are gone from every API and count.
    const profile = await new Client().get(`/api/v1/users/${u.username}`);
    expectStatus(profile, 404);
    expect(profile.body).toEqual({ detail: "user does not exist" });
    expectStatus(await new Client().get(`/api/posts/${own.id}/`), 404);
    expect(await new Client().raw.withToken(u.access).get("/user/api/profile/")).toMatchObject({
      status: 401,
    });
    const after = await new Client().raw.get(`/api/posts/${firstOther.id}/comments/`);
    expectStatus(after, 200);
    expect(after.body.count).toBe(1);
    expect(after.body.results.map((c: { comment: string }) => c.comment)).toEqual(["kept"]);
    expect(await drift()).toEqual([]);
    // Its name is free at once, and the first notifications naming it no longer do.
    expect(
      await n(
        `SELECT count(*) AS n FROM notifications WHERE actor_id = ? AND json_extract(data, '$.username') = ?`,
        u.id,
        u.username,
      ),
    ).toBe(1000);

    const runs = await purgeInRuns(LIMITS);
    expect(runs.length).toBeGreaterThanOrEqual(5);
    for (const r of runs) {
      expect(r.statements).toBeLessThanOrEqual(LIMITS.statements * 2 + 8);
      expect(r.rowsWritten).toBeLessThanOrEqual(maxWritesPerRun);
    }
    // The account goes in one run (the last, or the one before an empty last when its budget ended with it).
    expect(runs.map((r) => r.report.accounts).reduce((a, b) => a + b)).toBe(1);
    expect(runs.at(-1)!.report.more).toBe(false);
    expect(await n(`SELECT count(*) AS n FROM users WHERE id = ?`, u.id)).toBe(0);
    for (const [table, column] of [
      ["post_likes", "user_id"],
      ["comments", "user_id"],
      ["follows", "follower_id"],
      ["follows", "followee_id"],
      ["blocks", "blocker_id"],
      ["posts", "created_by"],
      ["notifications", "user_id"],
      ["chat_feed", "user_id"],
    ]) {
      expect(
        await n(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, u.id),
        `${table}.${column}`,
      ).toBe(0);
    }
    for (const table of ["post_likes", "comments"])
      expect(await n(`SELECT count(*) AS n FROM ${table} WHERE post_id = ?`, own.id), table).toBe(0);
    expect(
      await n(
        `SELECT count(*) AS n FROM notifications WHERE actor_id = ? AND json_extract(data, '$.username') = ?`,
        u.id,
        u.username,
      ),
    ).toBe(0);
    expect(await n(`SELECT count(*) AS n FROM notifications WHERE actor_id = ?`, u.id)).toBe(1500);
    expect(await n(`SELECT count(*) AS n FROM maintenance_cursors WHERE name LIKE 'erase-actor:%'`)).toBe(0);
    // Nothing else: the other author's posts keep the seeded user's like and comment, the seeded users and their follow stay.
    expect(
      await one(
        `SELECT count(*) AS posts, sum(like_count) AS likes, sum(comment_count) AS comments FROM posts WHERE created_by = ?`,
        other.id,
      ),
    ).toEqual({
      posts: 2000,
      likes: 2000,
      comments: 2000,
    });
    expect(
      await n(`SELECT count(*) AS n FROM users WHERE id BETWEEN ? AND ?`, seeded.first, seeded.last),
    ).toBe(2000);
    expect(
      await n(
        `SELECT count(*) AS n FROM follows WHERE follower_id = ? AND followee_id = ?`,
        seeded.last,
        other.id,
      ),
    ).toBe(1);
    expect(await drift()).toEqual([]);
  }, 60_000);
});

describe("the hourly cron", () => {
  it("purges a deleted post", async () => {
    const author = await makeUserWithToken();
    const fan = await makeUserWithToken();
    const post = await makePost(author.id);
    await like(fan.id, post.id);
    await comment(fan.id, post.id, "bye");
    expectStatus(await new Client().withToken(author.access).delete(`/api/posts/${post.id}/`), 204);
    expect(await n(`SELECT count(*) AS n FROM post_likes WHERE post_id = ?`, post.id)).toBe(1);
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: "17 * * * *" }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    for (const table of ["post_likes", "comments"])
      expect(await n(`SELECT count(*) AS n FROM ${table} WHERE post_id = ?`, post.id), table).toBe(0);
    expect(await n(`SELECT count(*) AS n FROM posts WHERE id = ?`, post.id)).toBe(0);
  });
});

describe("a ban of an account with thousands of comments", () => {
  it("is one statement whose rows read follow the account's comments, not their square; the counts move with it", async () => {
    const u = await makeUserWithToken();
    const other = await makeUserWithToken();
    await run(
      `INSERT INTO posts (post_type, post_title, created_by, created_at)
       WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 2000) SELECT 'post', 'p' || i, ?, ? FROM seq`,
      other.id,
      NOW,
    );
    await run(
      `INSERT INTO comments (post_id, user_id, comment, created_at) SELECT id, ?, 'c', ? FROM posts WHERE created_by = ?`,
      u.id,
      NOW,
      other.id,
    );
    const ban = await run(`UPDATE users SET is_banned = 1 WHERE id = ?`, u.id);
    // Each of the 2,000 posts counts its own comments (a handful of rows), where the account's index read all 2,000 per post (4,000,000 rows).
    expect(ban.meta.rows_read).toBeLessThan(2000 * 20);
    expect(await n(`SELECT sum(comment_count) AS n FROM posts WHERE created_by = ?`, other.id)).toBe(0);
    expect(await drift()).toEqual([]);
  }, 60_000);
});

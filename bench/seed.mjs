// Seeds a realistic data set with a few set-based SQL statements straight into D1, so 10,000
// users take a second instead of 10,000 registrations (each a 2^15 scrypt hash).
//
// Table-driven: one SEEDS entry per table, run in order. A table that has no migration yet is
// skipped, so seeding a table when it lands is one entry here
// (test/bench/harness.test.ts fails if an entry no longer matches the schema).
import { PRODUCTION_LOG_N, hashPassword, productionParams } from "../src/infra/password-hash.ts";

export const BENCH_PASSWORD = "Bench-pass-2026!";
export const seededName = (n) => `bench_user_${n}`;

const FOLLOWS_PER_USER = 5;
const FRIENDS_PER_USER = 2;
/**
 * The first users are popular: every 5th user follows them too (2,000 followers each at 10,000
 * users), so the accounts the bench logs in as (context.mjs) have real-sized follower and
 * notification lists rather than the 5 of an average user.
 */
export const POPULAR_USERS = 4;

/**
 * A CTE `pairs(a, b, n)`: `perUser` distinct targets per user, never the user itself.
 * User n % U points at its neighbour 1, 1+stride, 1+2·stride… ids ahead (mod U), which are
 * distinct while 1 + (perUser-1)·stride < U/2 — and then no pair appears in both directions.
 */
function pairs({ users, firstId }, perUser, stride) {
  if (1 + (perUser - 1) * stride >= users / 2)
    throw new Error(`--users must be above ${2 * (1 + (perUser - 1) * stride)}`);
  return `WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < ${users * perUser - 1}),
    pairs(a, b, n) AS (SELECT ${firstId} + n % ${users}, ${firstId} + (n % ${users} + 1 + (n / ${users}) * ${stride}) % ${users}, n FROM k)`;
}

/** Per seeded user: 2 posts (half text posts, the rest reels and videos), 10 likes, 2 comments. */
const POSTS_PER_USER = 2;
const LIKES_PER_POST = 5;
const COMMENTS_PER_COMMENTED_POST = 2;
/** Titles draw one of these words, so a search for one finds a seventh of the reels. */
export const TOPICS = ["dance", "music", "travel", "cooking", "football", "science", "art"];
const SEEDED_POST = "Seeded by npm run bench";
/** The seeded posts numbered from 0, for the likes and comments that hang on them. */
const seededPosts = `seeded(id, k) AS (SELECT id, row_number() OVER (ORDER BY id) - 1 FROM posts WHERE post_description LIKE '${SEEDED_POST}%')`;
const topic = (n) =>
  `CASE ${n} % ${TOPICS.length} ${TOPICS.map((t, i) => `WHEN ${i} THEN '${t}'`).join(" ")} END`;

export const SEEDS = [
  {
    table: "users",
    // Scores are a cheap deterministic shuffle so the leaderboard index does real work.
    sql: ({ users, hash, now }) => [
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${users})
       INSERT INTO users (username, username_key, email, email_key, password_hash, first_name, last_name,
         display_name, bio, location, date_joined, last_login, score)
       SELECT 'bench_user_' || n, 'bench_user_' || n, 'bench_user_' || n || '@example.com',
         'bench_user_' || n || '@example.com', '${hash}', 'Bench', 'User ' || n, 'Bench User ' || n,
         'Seeded by npm run bench.', 'Earth', ${now} - n * 60000, ${now} - n * 1000, (n * 7919) % 100003
       FROM seq`,
    ],
  },
  {
    table: "user_groups",
    sql: () => [
      `INSERT INTO user_groups (user_id, name) SELECT id, 'visitor' FROM users WHERE username_key LIKE 'bench_user_%'`,
    ],
  },
  {
    table: "follows",
    sql: (ctx) => [
      `${pairs(ctx, FOLLOWS_PER_USER, 37)}
       INSERT INTO follows (follower_id, followee_id, created_at) SELECT a, b, ${ctx.now} - n * 1000 FROM pairs`,
      // OR IGNORE: a few of these pairs already exist from the statement above.
      `INSERT OR IGNORE INTO follows (follower_id, followee_id, created_at)
       SELECT f.id, p.id, ${ctx.now} - f.id * 1000 FROM users f JOIN users p ON p.id < ${ctx.firstId + POPULAR_USERS}
       WHERE f.id >= ${ctx.firstId + POPULAR_USERS} AND (f.id - ${ctx.firstId}) % 5 = 0`,
    ],
  },
  {
    // What users would have: the welcome notification registration sends, and one per follower.
    table: "notifications",
    sql: () => [
      `INSERT INTO notifications (user_id, event, data, notification_type, message, created_at)
       SELECT id, 'welcome', json_object('username', username), 'general', '', date_joined
       FROM users WHERE username_key LIKE 'bench_user_%'`,
      `INSERT INTO notifications (user_id, event, actor_id, data, notification_type, message, created_at)
       SELECT f.followee_id, 'follow', f.follower_id, json_object('username', u.username), 'follow', '', f.created_at
       FROM follows f JOIN users u ON u.id = f.follower_id ORDER BY f.created_at`,
    ],
  },
  {
    // Half text posts; reels, YouTube reels, videos and YouTube videos share the rest, as the
    // feeds and the search see them. Uploaded kinds get a video key, YouTube ones an id.
    table: "posts",
    sql: ({ users, firstId, now }) => [
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${users * POSTS_PER_USER}),
       typed(n, t, w, u) AS (SELECT n, CASE n % 10 WHEN 5 THEN 'reel' WHEN 6 THEN 'reel' WHEN 7 THEN 'youtube_reel'
         WHEN 8 THEN 'video' WHEN 9 THEN 'youtube_video' ELSE 'post' END, ${topic("n")}, ${firstId} + n % ${users} FROM seq)
       INSERT INTO posts (post_type, post_title, post_description, created_by, created_at, video_key, youtube_id, view_count)
       SELECT t, 'Bench ' || w || ' ' || n, '${SEEDED_POST}: ' || ${topic("(n / 7)")} || ' and more', u, ${now} - n * 60000,
         CASE WHEN t IN ('reel', 'video') THEN 'u/' || u || '/video/bench_' || n || '.mp4' END,
         CASE WHEN t LIKE 'youtube_%' THEN 'bench' || n END,
         CASE WHEN t = 'post' THEN 0 ELSE (n * 7919) % 5000 END
       FROM typed`,
    ],
  },
  {
    // LIKES_PER_POST distinct users on every seeded post, then each post's like_count to match.
    table: "post_likes",
    sql: ({ users, firstId, now }) => [
      `WITH RECURSIVE j(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM j WHERE n < ${LIKES_PER_POST - 1}), ${seededPosts}
       INSERT INTO post_likes (user_id, post_id, created_at)
       SELECT ${firstId} + (seeded.k + 1 + j.n * 37) % ${users}, seeded.id, ${now} - seeded.k * 1000 FROM seeded, j`,
      `UPDATE posts SET like_count = (SELECT count(*) FROM post_likes l WHERE l.post_id = posts.id) WHERE post_description LIKE '${SEEDED_POST}%'`,
    ],
  },
  {
    // Every other seeded post has comments; each feed item then shows a few.
    table: "comments",
    sql: ({ users, firstId, now }) => [
      `WITH RECURSIVE j(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM j WHERE n < ${COMMENTS_PER_COMMENTED_POST - 1}), ${seededPosts}
       INSERT INTO comments (post_id, user_id, comment, created_at)
       SELECT seeded.id, ${firstId} + (seeded.k * 13 + j.n) % ${users}, 'Bench comment ' || seeded.k || '.' || j.n, ${now} - seeded.k * 1000 + j.n
       FROM seeded, j WHERE seeded.k % 2 = 0`,
    ],
  },
  {
    // Cocotree keeps a friendship as two directed rows.
    // Cocotree keeps a friendship as two directed rows, each in the default group (migration 0010).
    table: "friendships",
    sql: (ctx) => [
      `${pairs(ctx, FRIENDS_PER_USER, 101)}
       INSERT INTO friendships (user_id, friend_id, group_name, created_at)
       SELECT a, b, 'Default', ${ctx.now} FROM pairs UNION ALL SELECT b, a, 'Default', ${ctx.now} FROM pairs`,
    ],
  },
];

/**
 * Runs every SEEDS entry whose table exists. Returns one line per table for the report;
 * a failing entry (say, columns that changed) is reported and the bench goes on.
 * `logN` is the scrypt cost of the stored hash: production's, unless a test wants it cheap.
 */
export async function seed(db, { users, logN = PRODUCTION_LOG_N }) {
  const existing = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
  const tables = new Set(existing.results.map((r) => r.name));
  const ctx = {
    users,
    hash: await hashPassword(BENCH_PASSWORD, productionParams(logN)),
    now: Date.now(),
    firstId: 1,
  };
  const lines = [];
  for (const { table, sql } of SEEDS) {
    if (!tables.has(table)) {
      lines.push(`${table}: skipped (no such table yet)`);
      continue;
    }
    const started = performance.now();
    try {
      await db.batch(sql(ctx).map((q) => db.prepare(q)));
    } catch (err) {
      lines.push(`${table}: FAILED (${err.message}) — update bench/seed.mjs`);
      continue;
    }
    const { rows } = await db.prepare(`SELECT count(*) AS rows FROM "${table}"`).first();
    lines.push(`${table}: ${rows} rows (${Math.round(performance.now() - started)} ms)`);
    // Later entries address seeded users by id; a fresh database numbers them contiguously.
    if (table === "users") ctx.firstId = (await db.prepare("SELECT min(id) AS id FROM users").first()).id;
  }
  return lines;
}

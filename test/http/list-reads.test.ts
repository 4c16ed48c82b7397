// Issue 20: every list route reads the same number of rows at any data size, within
// 3 × its page size + 20, and no list statement scans a growing table or sorts it.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_PAGE_OFFSET } from "../../src/domain/lists/page";
import { SEARCH_CANDIDATES, SEARCH_RESULTS_MAX } from "../../src/domain/posts/search-reels";
import { UntypedClient as Client } from "../helpers/client";
import {
  block,
  comment,
  hide,
  makeCreator,
  makePost,
  makeReel,
  makeUser,
  makeUserWithToken,
  report,
  uniqueName,
} from "../helpers/factories";
import { signedIn, type PanelClient } from "../helpers/panel";

const rowsRead = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Rows-Read"));

/**
 * `n` more users (one in five banned, one in five deactivated: a full admin page of each at 300), each with one post, one reel, one
 * video, likes, follows, comments, notifications, a report and an admin's audit row, in a
 * handful of set-based statements (the triggers keep every counter). Every one of them likes
 * the subject's popular post and notifies its viewer.
 */
async function seed(n: number, tag: string, s: Subject) {
  const now = Date.now() - 86_400_000;
  const mine = `SELECT id FROM users WHERE username LIKE '${tag}%'`;
  const statements = [
    `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n})
     INSERT INTO users (username, username_key, password_hash, date_joined, is_banned, is_active)
     SELECT '${tag}' || i, '${tag}' || i, 'x', ${now} + i, i % 5 = 0, i % 5 <> 1 FROM s`,
    `INSERT INTO posts (post_type, post_title, created_by, created_at)
     SELECT t.value, '${tag} ' || t.value || ' ' || u.id, u.id, ${now} + u.id FROM users u, json_each('["post","reel","video"]') t WHERE u.username LIKE '${tag}%'`,
    `INSERT INTO post_likes (user_id, post_id, created_at)
     SELECT u.id, p.id, ${now} FROM users u JOIN posts p ON p.created_by = u.id - 1 WHERE u.username LIKE '${tag}%'`,
    `INSERT INTO follows (follower_id, followee_id, created_at)
     SELECT u.id, u.id - 1, ${now} FROM users u WHERE u.username LIKE '${tag}%' AND u.id > 1`,
    `INSERT INTO comments (post_id, user_id, comment, created_at)
     SELECT p.id, p.created_by, 'seeded', ${now} FROM posts p JOIN users u ON u.id = p.created_by WHERE u.username LIKE '${tag}%'`,
    `INSERT INTO notifications (user_id, message, created_at)
     SELECT u.id, 'seeded', ${now} FROM users u WHERE u.username LIKE '${tag}%'`,
    `INSERT INTO notifications (user_id, message, created_at) SELECT ${s.viewer.id}, 'seeded', ${now} FROM (${mine})`,
    `INSERT INTO post_likes (user_id, post_id, created_at) SELECT id, ${s.popularPostId}, ${now} FROM (${mine})`,
    `INSERT INTO post_reports (user_id, post_id, reason, created_at)
     SELECT u.id, p.id, 'spam', ${now} + u.id FROM users u JOIN posts p ON p.created_by = u.id - 1 AND p.post_type = 'post' WHERE u.username LIKE '${tag}%'`,
    `INSERT INTO admin_audit (actor_id, actor_name, action, object_type, object_id, created_at)
     SELECT ${s.admin.id}, 'admin', 'user.ban', 'user', id, ${now} FROM (${mine})`,
  ];
  for (const statement of statements) await env.DB.prepare(statement).run();
}

interface Subject {
  viewer: { id: number; access: string };
  creator: { access: string };
  admin: { id: number; access: string };
  panel: PanelClient;
  postId: number;
  popularPostId: number;
  notificationId: number;
}

/** Every list route, as a client pages it, with its page size. */
function routes(
  s: Subject,
): { name: string; path: string; token?: string; panel?: boolean; pageSize: number; budget?: number }[] {
  return [
    { name: "posts, anonymous", path: "/api/posts/", pageSize: 10 },
    { name: "posts, signed in", path: "/api/posts/", token: s.viewer.access, pageSize: 10 },
    { name: "posts, 100 a page", path: "/api/posts/?page_size=100", token: s.viewer.access, pageSize: 100 },
    { name: "posts, page 3", path: "/api/posts/?page=3", token: s.viewer.access, pageSize: 10 },
    { name: "reels, anonymous", path: "/api/reels/", pageSize: 30 },
    { name: "reels, signed in", path: "/api/reels/", token: s.viewer.access, pageSize: 30 },
    { name: "videos, signed in", path: "/api/videos/", token: s.viewer.access, pageSize: 30 },
    { name: "comments", path: `/api/posts/${s.postId}/comments/`, token: s.viewer.access, pageSize: 10 },
    { name: "MediaCMS users", path: "/api/v1/users", pageSize: 50 },
    { name: "MediaCMS users, page 2", path: "/api/v1/users?page=2", pageSize: 50 },
    { name: "MediaCMS media", path: "/api/v1/media", pageSize: 50 },
    {
      name: "MediaCMS media, signed in, page 2",
      path: "/api/v1/media?page=2",
      token: s.viewer.access,
      pageSize: 50,
    },
    { name: "notifications", path: "/api/notifications/", token: s.viewer.access, pageSize: 100 },
    { name: "creator dashboard", path: "/create/dashboard/", token: s.creator.access, pageSize: 10 },
    { name: "leaderboard", path: "/users/leaderboard/?limit=10", pageSize: 10 },
    // Search ranks a window of candidates, not a page: each costs at most three rows (its
    // index hit, its posts row, its place in the sort), then the page's authors.
    ...[
      { name: "search, a word in every reel", path: "/api/search/?query=reel" },
      {
        name: "search, signed in, a word in every reel",
        path: "/api/search/?query=reel",
        token: s.viewer.access,
      },
      { name: "search, a rare word", path: "/api/search/?query=mine", token: s.viewer.access },
      { name: "search, no match", path: "/api/search/?query=zzqqx", token: s.viewer.access },
      { name: "search, two characters", path: "/api/search/?query=re", token: s.viewer.access },
      { name: "search, one character", path: "/api/search/?query=e" },
    ].map((r) => ({
      ...r,
      pageSize: SEARCH_RESULTS_MAX,
      budget: 3 * SEARCH_CANDIDATES + SEARCH_RESULTS_MAX + 20,
    })),
    { name: "a post's likes", path: `/api/post_likes/${s.popularPostId}/`, pageSize: 100 },
    { name: "admin API reports", path: "/api/admin/reports/", token: s.admin.access, pageSize: 25 },
    { name: "admin API audit", path: "/api/admin/audit/", token: s.admin.access, pageSize: 50 },
    { name: "panel dashboard", path: "/admin/", panel: true, pageSize: 30 },
    { name: "panel users", path: "/admin/users/", panel: true, pageSize: 50 },
    { name: "panel users, banned", path: "/admin/users/?state=banned", panel: true, pageSize: 50 },
    { name: "panel users, inactive", path: "/admin/users/?state=inactive", panel: true, pageSize: 50 },
    { name: "panel users, active", path: "/admin/users/?state=active", panel: true, pageSize: 50 },
    { name: "panel users, admins", path: "/admin/users/?group=admin", panel: true, pageSize: 50 },
    // Issue 25: each sortable column walks an index either way.
    ...["username", "-username", "score", "-score", "joined"].map((sort) => ({
      name: `panel users, sorted by ${sort}`,
      path: `/admin/users/?sort=${sort}`,
      panel: true,
      pageSize: 50,
    })),
    { name: "panel content", path: "/admin/content/", panel: true, pageSize: 50 },
    { name: "panel content, posts", path: "/admin/content/?kind=post", panel: true, pageSize: 50 },
    { name: "panel content, oldest first", path: "/admin/content/?sort=posted", panel: true, pageSize: 50 },
    {
      name: "panel content, posts, oldest first",
      path: "/admin/content/?kind=post&sort=posted",
      panel: true,
      pageSize: 50,
    },
    { name: "panel reports", path: "/admin/reports/", panel: true, pageSize: 25 },
    { name: "panel audit", path: "/admin/audit/", panel: true, pageSize: 50 },
  ];
}

async function measure(s: Subject) {
  const out = new Map<string, number>();
  for (const r of routes(s)) {
    const client = new Client();
    if (r.token) client.withToken(r.token);
    const res = r.panel ? await s.panel.get(r.path) : await client.get(r.path);
    expect(res.status, `${r.name}: ${res.text.slice(0, 200)}`).toBe(200);
    expect(rowsRead(res), `${r.name}: X-D1-Rows-Read`).toBeGreaterThan(0);
    out.set(r.name, rowsRead(res));
  }
  // Marking one notification read sends every device the unread count: read from the list's window.
  const marked = await new Client()
    .withToken(s.viewer.access)
    .post(`/api/notifications/${s.notificationId}/mark-read/`);
  expect(marked.status, marked.text).toBe(200);
  out.set("mark one notification read", rowsRead(marked));
  return out;
}

/** Routes measured outside `routes`, with the page their read is bounded by. */
const EXTRA: { name: string; pageSize: number; budget?: number }[] = [
  { name: "mark one notification read", pageSize: 100 },
];

describe("rows read per list request", () => {
  let subject: Subject;
  beforeAll(async () => {
    const viewer = await makeUserWithToken();
    const creator = await makeCreator();
    const post = await makePost(creator.id, { title: "commented" });
    for (let i = 0; i < 12; i++) await comment(viewer.id, post.id, `c${i}`);
    for (let i = 0; i < 3; i++) await makeReel(creator.id, { title: uniqueName("mine") });
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const panelAdmin = await makeUser({ groups: ["visitor", "admin"] });
    const popular = await makePost(creator.id, { title: "popular" });
    const notification = await env.DB.prepare(
      "INSERT INTO notifications (user_id, message, created_at) VALUES (?, 'first', ?) RETURNING id",
    )
      .bind(viewer.id, Date.now() - 2 * 86_400_000)
      .first<{ id: number }>();
    subject = {
      viewer,
      creator,
      admin,
      panel: await signedIn(panelAdmin),
      postId: post.id,
      popularPostId: popular.id,
      notificationId: notification!.id,
    };
    // What a viewer leaves out: a few hides, reports and blocks, the same at both sizes.
    const others = [await makePost(creator.id), await makePost(creator.id)];
    await hide(viewer.id, others[0]!.id);
    await report(viewer.id, others[1]!.id);
  }, 60_000);

  it("the same at 300 and at 3,000 users, and within 3 × the page size + 20 on every list route", async () => {
    await seed(300, uniqueName("small"), subject);
    const stranger = await makeUserWithToken();
    await makePost(stranger.id);
    await block(stranger.id, subject.viewer.id);
    const small = await measure(subject);
    await seed(2700, uniqueName("large"), subject);
    const large = await measure(subject);
    const figures: string[] = [];
    for (const r of [...routes(subject), ...EXTRA]) {
      const [a, b] = [small.get(r.name)!, large.get(r.name)!];
      figures.push(`${r.name}: ${a} → ${b} (budget ${r.budget ?? 3 * r.pageSize + 20})`);
    }
    console.info(`rows read per request\n${figures.join("\n")}`);
    for (const r of [...routes(subject), ...EXTRA]) {
      const [a, b] = [small.get(r.name)!, large.get(r.name)!];
      expect(Math.abs(b - a), `${r.name}: ${a} rows at 300 users, ${b} at 3,000`).toBeLessThanOrEqual(3);
    }
    for (const r of [...routes(subject), ...EXTRA]) {
      const path = "path" in r ? String(r.path) : "";
      const budget = r.budget ?? 3 * r.pageSize + 20;
      const deep = path.includes("page=3") ? 2 * r.pageSize : path.includes("page=2") ? r.pageSize : 0;
      expect(large.get(r.name)!, r.name).toBeLessThanOrEqual(budget + deep);
    }
  }, 60_000);

  it("hostile paging is Invalid page., read in the budget, never a 500", async () => {
    const deep = Math.floor(MAX_PAGE_OFFSET / 10) + 2;
    for (const path of [
      "/api/posts/?page=99999999&page_size=100",
      `/api/posts/?page=${deep}`,
      "/api/reels/?page=99999999&page_size=100",
      "/api/videos/?page=99999999&page_size=100",
      `/api/posts/${subject.postId}/comments/?page=99999999&page_size=100`,
      "/api/v1/users?page=99999999",
      "/create/dashboard/?page=99999999&page_size=100",
      "/api/admin/reports/?page=99999999",
      "/api/admin/audit/?page=99999999",
    ]) {
      const token = path.startsWith("/create/")
        ? subject.creator.access
        : path.startsWith("/api/admin/")
          ? subject.admin.access
          : subject.viewer.access;
      const res = await new Client().withToken(token).get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toEqual({ detail: "Invalid page." });
      expect(res.headers.has("X-D1-Rows-Read"), path).toBe(true);
      expect(rowsRead(res), path).toBeLessThanOrEqual(20);
    }
  }, 60_000);
});

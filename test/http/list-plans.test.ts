// Issue 20: EXPLAIN QUERY PLAN of every statement a list route sends. None scans a growing
// table (a bare SCAN; an index walked in order and stopped by LIMIT is a SEARCH or a
// SCAN … USING INDEX) and none sorts rows in a temp B-tree, search's ranking of its capped
// window of candidates aside.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import {
  comment,
  hide,
  like,
  makeCreator,
  makePost,
  makeReel,
  makeUser,
  makeUserWithToken,
  report,
} from "../helpers/factories";
import { signedIn } from "../helpers/panel";

interface Sent {
  sql: string;
  params: unknown[];
}

/** env.DB, recording every statement prepared through it (or a session of it, as each request opens) with the values bound to it. */
function recording<D extends D1Database | D1DatabaseSession>(sent: Sent[], db: D = env.DB as D): D {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "withSession")
        return (constraint?: string) => recording(sent, (target as D1Database).withSession(constraint));
      if (prop === "prepare")
        return (sql: string) => {
          const stmt = target.prepare(sql);
          return new Proxy(stmt, {
            get(s, p) {
              if (p === "bind")
                return (...params: unknown[]) => {
                  sent.push({ sql, params });
                  return s.bind(...params);
                };
              const v = Reflect.get(s, p, s);
              return typeof v === "function" ? v.bind(s) : v;
            },
          });
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function statementsOf(path: string, token?: string): Promise<Sent[]> {
  const sent: Sent[] = [];
  const ctx = createExecutionContext();
  const headers = new Headers({ "CF-Connecting-IP": "203.0.113.77" });
  // The panel's pages take its cookie, the APIs a bearer token.
  if (token?.startsWith("admin_session=")) headers.set("Cookie", token);
  else if (token) headers.set("Authorization", `Bearer ${token}`);
  const res = await app.fetch(
    new Request(`http://localhost${path}`, { headers }),
    { ...env, COUNT_QUERIES: "false", DB: recording(sent) },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status, path).toBe(200);
  return sent;
}

const GROWING = [
  "posts",
  "users",
  "post_likes",
  "post_hides",
  "post_reports",
  "follows",
  "blocks",
  "comments",
  "notifications",
];

async function planOf(statement: Sent): Promise<string[]> {
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
    .bind(...statement.params)
    .all<{ detail: string }>();
  return plan.results.map((r) => r.detail);
}

describe("query plans of the list routes", () => {
  it("no statement scans a growing table or sorts a temp B-tree", async () => {
    const viewer = await makeUserWithToken();
    const creator = await makeCreator();
    const post = await makePost(creator.id);
    await comment(viewer.id, post.id, "first");
    const reel = await makeReel(creator.id, { title: "planned reel" });
    await hide(viewer.id, reel.id);
    await report(viewer.id, post.id);
    await like(viewer.id, post.id);
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const panel = await signedIn(await makeUser({ groups: ["visitor", "admin"] }));
    const cookie = `admin_session=${panel.cookies.get("admin_session")}`;
    const routes: [string, string?][] = [
      ["/api/posts/"],
      ["/api/posts/", viewer.access],
      ["/api/posts/?ordering=created_at", viewer.access],
      ["/api/posts/?ordering=-post_type", viewer.access],
      ["/api/reels/"],
      ["/api/reels/", viewer.access],
      ["/api/videos/", viewer.access],
      [`/api/posts/${post.id}/comments/`, viewer.access],
      ["/api/v1/users"],
      ["/api/v1/users?page=1"],
      ["/api/notifications/", viewer.access],
      ["/create/dashboard/", creator.access],
      ["/users/leaderboard/?limit=10"],
      ["/api/v1/media"],
      ["/api/v1/media?page=1", viewer.access],
      [`/api/v1/media?author=${creator.username}`, viewer.access],
      [`/api/v1/media/${reel.id}`, viewer.access],
      // Search: a phrase in many reels, a rare one, a non-ASCII one, and the LIKE of 1–2 characters.
      ["/api/search/?query=reel"],
      ["/api/search/?query=planned", viewer.access],
      ["/api/search/?query=%C3%A9t%C3%A9", viewer.access],
      ["/api/search/?query=pl", viewer.access],
      ["/api/search/?query=e"],
      [`/api/post_likes/${post.id}/`],
      ["/api/admin/reports/", admin.access],
      ["/api/admin/audit/", admin.access],
      ["/admin/", cookie],
      ["/admin/users/", cookie],
      ["/admin/users/?state=active", cookie],
      ["/admin/users/?state=inactive", cookie],
      ["/admin/users/?state=banned", cookie],
      ["/admin/users/?group=admin", cookie],
      ...["username", "-username", "score", "-score", "joined"].map((sort): [string, string] => [
        `/admin/users/?sort=${sort}`,
        cookie,
      ]),
      ["/admin/content/", cookie],
      ["/admin/content/?kind=post", cookie],
      ["/admin/content/?kind=reel", cookie],
      ["/admin/content/?sort=posted", cookie],
      ["/admin/content/?kind=post&sort=posted", cookie],
      ["/admin/reports/", cookie],
      ["/admin/audit/", cookie],
    ];
    const offences: string[] = [];
    for (const [path, token] of routes) {
      const search = path.startsWith("/api/search/");
      for (const statement of await statementsOf(path, token)) {
        if (!/^\s*select/i.test(statement.sql)) continue;
        const plan = await planOf(statement);
        // A subquery SQLite runs as a co-routine is scanned under its own name, which search's
        // window of the newest reels shares with the table it reads (in order, by an index).
        const coroutines = plan.flatMap((d) => /^CO-ROUTINE (\S+)$/.exec(d)?.[1] ?? []);
        for (const detail of plan) {
          // SQLite words a walk of the table in rowid order, stopped by LIMIT, as a bare SCAN too: the
          // admin's newest (or oldest) accounts are one (list-reads.test.ts shows it reads a page).
          const rowidWalk =
            detail === "SCAN users" && /order by "users"\."id" (asc|desc) limit \?/.test(statement.sql);
          const bareScan =
            !rowidWalk &&
            GROWING.some(
              (t) =>
                !coroutines.includes(t) &&
                (new RegExp(`^SCAN ${t}\\b(?! USING)`).test(detail) || detail === `SCAN ${t}`),
            );
          // The FTS index read without a MATCH (FTS5 plans name it `M`) would be read whole.
          const wholeIndex = /^SCAN posts_search VIRTUAL TABLE INDEX \d+:(?!.*M)/.test(detail);
          const sort =
            detail.includes("TEMP B-TREE") && !(search && detail === "USE TEMP B-TREE FOR ORDER BY");
          if (bareScan || sort || wholeIndex)
            offences.push(`${path}: ${detail} in ${statement.sql.slice(0, 160)}`);
        }
      }
    }
    expect(offences).toEqual([]);
  }, 60_000);
});

// Issue 20: EXPLAIN QUERY PLAN of every statement a list route sends. None scans a growing
// table (a bare SCAN; an index walked in order and stopped by LIMIT is a SEARCH or a
// SCAN … USING INDEX) and none sorts rows in a temp B-tree, search's capped ranking aside.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { comment, hide, makeCreator, makePost, makeReel, makeUserWithToken, report } from "../helpers/factories";

interface Sent {
  sql: string;
  params: unknown[];
}

/** env.DB, recording every statement prepared through it (or a session of it, as each request opens) with the values bound to it. */
function recording<D extends D1Database | D1DatabaseSession>(sent: Sent[], db: D = env.DB as D): D {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "withSession") return (constraint?: string) => recording(sent, (target as D1Database).withSession(constraint));
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
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const res = await app.fetch(new Request(`http://localhost${path}`, { headers }), { ...env, COUNT_QUERIES: "false", DB: recording(sent) }, ctx);
  await waitOnExecutionContext(ctx);
  expect(res.status, path).toBe(200);
  return sent;
}

const GROWING = ["posts", "users", "post_likes", "post_hides", "post_reports", "follows", "blocks", "comments", "notifications"];

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
    ];
    const offences: string[] = [];
    for (const [path, token] of routes) {
      for (const statement of await statementsOf(path, token)) {
        if (!/^\s*select/i.test(statement.sql)) continue;
        for (const detail of await planOf(statement)) {
          const bareScan = GROWING.some((t) => new RegExp(`^SCAN ${t}(?! USING)`).test(detail) || detail === `SCAN ${t}`);
          if (bareScan || detail.includes("TEMP B-TREE")) offences.push(`${path}: ${detail} in ${statement.sql.slice(0, 160)}`);
        }
      }
    }
    expect(offences).toEqual([]);
  }, 60_000);
});

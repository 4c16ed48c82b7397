// Issue 23 item 3: the service against a read replica that lags 0, 500 and 5,000 ms behind the
// primary (test/helpers/lagging-replica.ts). No client reads older data than its own last write,
// and no guard (lockout, one like per user, ownership, visibility) is decided on a stale read.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { UntypedClient, type RawReply } from "../helpers/client";
import { makeUser, makeUserWithToken } from "../helpers/factories";
import { activeLab, emptyTally, labPosition, ReplicaLab, type Tally } from "../helpers/lagging-replica";

let lab: ReplicaLab;
beforeAll(async () => {
  // A run of every file through the replica (test/setup.ts) already has one on these databases.
  lab =
    activeLab() ??
    (await ReplicaLab.install(env.DB, env.DB_REPLICA, env.TEST_MIGRATIONS, { lagMs: 0, replicaReads: true }));
});

let tags = 0;

/** A client of the Worker whose `env.DB` is the lab; it sends back the last bookmark it got, as the README asks (unless told not to). */
class LabClient {
  private readonly tag = `client-${++tags}`;
  private readonly http = new UntypedClient({}, { DB: lab.binding(this.tag) } as never);
  bookmark?: string;

  constructor(
    private readonly t: Tally,
    token?: string,
    private readonly sendsBookmark = true,
  ) {
    if (token) this.http.withToken(token);
  }

  private sessions() {
    return lab.sessions.filter((s) => s.tag === this.tag);
  }

  /** Several requests at once (one user's double taps); every one of their sessions is checked. */
  async send(method: string, path: string, json?: unknown, times = 1): Promise<RawReply[]> {
    const before = this.sessions().length;
    const headers: Record<string, string> =
      this.sendsBookmark && this.bookmark ? { "X-D1-Bookmark": this.bookmark } : {};
    const replies = await Promise.all(
      Array.from({ length: times }, () => this.http.request(method, path, { json, headers })),
    );
    const mine = this.sessions().slice(before);
    expect(mine).toHaveLength(times);
    lab.tally = this.t;
    lab.observe(
      this.tag,
      method,
      mine,
      replies.map((r) => ({ status: r.status, bookmark: r.headers.get("X-D1-Bookmark") })),
    );
    for (const reply of replies) {
      const bookmark = reply.headers.get("X-D1-Bookmark") ?? undefined;
      if (bookmark && (labPosition(bookmark) ?? 0) >= (labPosition(this.bookmark) ?? 0))
        this.bookmark = bookmark;
    }
    return replies;
  }
  async one(method: string, path: string, json?: unknown) {
    return (await this.send(method, path, json))[0]!;
  }
}

const LAGS = [0, 500, 5000];
const results: Record<number, Tally> = {};

describe.each(LAGS)("a replica %i ms behind the primary", (lagMs) => {
  it("every client reads its own writes, and every guard is decided at the primary", async () => {
    lab.options = { lagMs, replicaReads: true };
    const t = (results[lagMs] = emptyTally());
    const [author, fan, stranger] = await Promise.all([
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
    ]);
    const a = new LabClient(t, author.access);
    const f = new LabClient(t, fan.access);
    const s = new LabClient(t, stranger.access);
    const anonymous = new LabClient(t);

    // A new post is in its author's next reads, list and item.
    const created = await a.one("POST", "/api/posts/", { post_title: `lag ${lagMs}`, post_description: "" });
    expect(created.status).toBe(201);
    const postId = created.body.id as number;
    expect((await a.one("GET", `/api/posts/${postId}/`)).status).toBe(200);
    expect(
      (await a.one("GET", "/api/posts/?page_size=100")).body.results.map((p: { id: number }) => p.id),
    ).toContain(postId);

    // One like per user: five taps at once, one like, and the liker sees it at once.
    const taps = await f.send("POST", `/api/post_likes/${postId}/`, undefined, 5);
    expect(taps.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400]);
    expect(taps.filter((r) => r.status === 400).map((r) => r.body)).toEqual(
      Array(4).fill({ detail: "You already liked this post." }),
    );
    const seen = await f.one("GET", `/api/posts/${postId}/`);
    expect(seen.status).toBe(200);
    expect(seen.body.like_count).toBe(1);
    expect(
      (await f.one("GET", `/api/post_likes/${postId}/`)).body.map(
        (l: { created_by: number }) => l.created_by,
      ),
    ).toEqual([fan.id]);

    // Ownership: a comment is deleted by its writer only, and its writer stops seeing it at once.
    const said = await f.one("POST", `/api/posts/${postId}/comments/`, { comment: `said at ${lagMs}` });
    expect(said.status).toBe(201);
    const comments = await f.one("GET", `/api/posts/${postId}/comments/`);
    expect(comments.body.results.map((c: { id: number }) => c.id)).toContain(said.body.id);
    expect(
      (await s.one("DELETE", `/api/posts/${postId}/comments/`, { comment_id: said.body.id })).status,
    ).toBe(404);
    expect(
      (await f.one("DELETE", `/api/posts/${postId}/comments/`, { comment_id: said.body.id })).status,
    ).toBe(204);
    expect(
      (await f.one("GET", `/api/posts/${postId}/comments/`)).body.results.map((c: { id: number }) => c.id),
    ).not.toContain(said.body.id);

    // Visibility: once the author blocks the stranger, the stranger can neither like nor comment,
    // however old the stranger's own bookmark.
    expect((await s.one("GET", `/api/posts/${postId}/`)).status).toBe(200);
    expect((await a.one("POST", "/user/profile/block/", { user_id: stranger.id })).status).toBeLessThan(300);
    expect((await s.one("POST", `/api/post_likes/${postId}/`)).status).toBe(404);
    expect((await s.one("POST", `/api/posts/${postId}/comments/`, { comment: "blocked" })).status).toBe(404);

    // Lockout: five real failures lock the account, and the right password is then refused.
    const locked = await makeUser();
    for (let i = 0; i < 4; i++)
      expect(
        (await anonymous.one("POST", "/user/login/", { username: locked.username, password: "wrong-one" }))
          .status,
      ).toBe(401);
    expect(
      (await anonymous.one("POST", "/user/login/", { username: locked.username, password: "wrong-one" }))
        .status,
    ).toBe(403);
    expect(
      (await anonymous.one("POST", "/user/login/", { username: locked.username, password: locked.password }))
        .status,
    ).toBe(403);

    // Anonymous public reads may be served by the replica whatever it has: nothing of theirs to miss.
    await anonymous.one("GET", "/api/posts/");
    await anonymous.one("GET", "/users/leaderboard/");

    expect({ staleOwnReads: t.staleOwnReads, guardsOnStale: t.guardsOnStale }).toEqual({
      staleOwnReads: 0,
      guardsOnStale: 0,
    });
    expect(t.afterOwnWrite).toBeGreaterThan(0);
    expect(t.guardDecisions).toBeGreaterThan(0);
    // Each statement costs the lab a second query (its position): a slow machine needs the room.
  }, 60_000);
});

describe("the double itself", () => {
  it("serves old data to a reader that sends no bookmark, and the same reader with its bookmark reads its write", async () => {
    // Ten minutes behind: no test waits that long, so the replica has none of this test's writes.
    lab.options = { lagMs: 600_000, replicaReads: true };
    const t = emptyTally();
    const author = await makeUserWithToken();
    const a = new LabClient(t, author.access);
    const created = await a.one("POST", "/api/posts/", { post_title: "behind", post_description: "" });
    expect(created.status).toBe(201);
    const ids = (r: RawReply) => (r.body.results as { id: number }[]).map((p) => p.id);
    // Anonymous: the replica's list, which lacks the post.
    expect(ids(await new LabClient(t).one("GET", "/api/posts/?page_size=100"))).not.toContain(
      created.body.id,
    );
    // The author with the bookmark, and the author's credential without one: the primary's list.
    expect(ids(await a.one("GET", "/api/posts/?page_size=100"))).toContain(created.body.id);
    expect(
      ids(await new LabClient(t, author.access, false).one("GET", "/api/posts/?page_size=100")),
    ).toContain(created.body.id);
    expect(t.staleOwnReads).toBe(0);

    // The switch off: every read at the primary, the anonymous one included.
    lab.options = { lagMs: 600_000, replicaReads: false };
    expect(ids(await new LabClient(t).one("GET", "/api/posts/?page_size=100"))).toContain(created.body.id);
  });

  it("replays the primary exactly once it has caught up", async () => {
    lab.options = { lagMs: 0, replicaReads: true };
    await lab.catchUp();
    for (const table of [
      "users",
      "posts",
      "post_likes",
      "comments",
      "blocks",
      "list_counts",
      "author_post_counts",
      "sessions",
    ]) {
      const dump = async (db: D1Database) =>
        JSON.stringify((await db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()).results);
      expect(await dump(env.DB_REPLICA), table).toBe(await dump(env.DB));
    }
  });
});

describe("the counts", () => {
  it("prints them", () => {
    const rows = LAGS.map((lag) => ({ lagMs: lag, ...results[lag] }));
    console.log(`lagging-replica runs:\n${JSON.stringify(rows, null, 1)}`);
    for (const row of rows)
      expect({ stale: row.staleOwnReads, guards: row.guardsOnStale }).toEqual({ stale: 0, guards: 0 });
  });
});

// The bench's seed and the soak's integrity check against the real migrations, in workerd: catches
// a migration that changes columns they use, and checks that seeded users are real accounts that
// can log in and that the check tells a write that landed from one that did not.
// No timing here: numbers live in BENCHMARKS.md (npm run bench, npm run soak).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BENCH_PASSWORD, SEEDS, TOPICS, seed, seededName } from "../../bench/seed.mjs";
import { Ledger, compare, readState } from "../../bench/soak-state.mjs";
import { UntypedClient as Client } from "../helpers/client";
import { makeUser, makeUserWithToken } from "../helpers/factories";

const USERS = 400;

describe("bench seed", () => {
  it("fills every table that exists with rows the service accepts", async () => {
    const lines = await seed(env.DB, { users: USERS, logN: 4 });
    expect(lines).toHaveLength(SEEDS.length);
    for (const line of lines) expect(line).not.toMatch(/FAILED/);
    expect(lines.find((l) => l.startsWith("users:"))).toMatch(new RegExp(`^users: ${USERS} rows`));
    // 2 posts, 10 likes and 2 comments per user; like_count agrees with the likes, reels are searchable.
    expect(lines.find((l) => l.startsWith("posts:"))).toMatch(new RegExp(`^posts: ${USERS * 2} rows`));
    expect(lines.find((l) => l.startsWith("post_likes:"))).toMatch(
      new RegExp(`^post_likes: ${USERS * 10} rows`),
    );
    expect(lines.find((l) => l.startsWith("comments:"))).toMatch(new RegExp(`^comments: ${USERS * 2} rows`));
    const likes = await env.DB.prepare("SELECT sum(like_count) AS n FROM posts").first<{ n: number }>();
    expect(likes!.n).toBe(USERS * 10);
    const found = await new Client().get(`/api/search/?query=${TOPICS[0]}`);
    expect(found.status, found.text).toBe(200);
    expect(found.body.results).toHaveLength(50);

    const login = await new Client().post("/users/login/", {
      username: seededName(7),
      password: BENCH_PASSWORD,
    });
    expect(login.status, login.text).toBe(200);
    const groups = await env.DB.prepare("SELECT name FROM user_groups WHERE user_id = ?")
      .bind(login.body.id)
      .all();
    expect(groups.results.map((r) => r.name)).toEqual(["visitor"]);

    // The seeded friendships are what the Cocotree routes read: both sides, in the default group.
    const coco = await new Client().post("/auth/login", {
      username: seededName(7),
      password: BENCH_PASSWORD,
    });
    expect(coco.status, coco.text).toBe(200);
    const friends = await new Client().get("/users/search_friends/", {
      headers: { Authorization: coco.body.payload.token },
    });
    expect(friends.status, friends.text).toBe(200);
    expect(friends.body.payload.friends.length).toBeGreaterThanOrEqual(2);
    for (const f of friends.body.payload.friends) {
      expect(f.group).toBe("Default");
      const info = await new Client().get(`/users/user_info/${f.id}/`, {
        headers: { Authorization: coco.body.payload.token },
      });
      expect(info.body.payload).toMatchObject({ is_friend: true, group: "Default" });
    }
  });
});

describe("soak integrity check", () => {
  it("passes what landed, and names each write it expected that is not stored", async () => {
    const a = await makeUserWithToken();
    const b = await makeUser();
    const client = new Client().withToken(a.access);
    const ledger = new Ledger();
    expect(ledger.readName(a.id, "")).toBe(true);

    const patch = await client.patch(`/users/${a.id}/`, { last_name: "soak 0 #1" });
    expect(patch.status, patch.text).toBe(200);
    ledger.wroteName(a.id, "soak 0 #1", patch.status);
    const follow = await client.post("/user/profile/follow/", { user_id: b.id });
    expect(follow.status, follow.text).toBe(200);
    ledger.toggledFollow(a.id, b.id, /^Successfully followed /.test(follow.body.detail), follow.status);
    // A write whose answer was lost may or may not have landed: either value passes.
    ledger.wroteName(a.id, "soak 0 #2", 0);
    expect(compare(ledger, await readState(env.DB, ledger.userIds()))).toEqual({
      checked: 2,
      mismatches: [],
    });
    expect(ledger.readName(a.id, "soak 0 #1")).toBe(true);

    // Answers that claim writes which never reached the database.
    ledger.wroteName(a.id, "soak 0 #3", 200);
    ledger.toggledFollow(a.id, b.id, false, 200);
    expect(ledger.readName(a.id, "soak 0 #1")).toBe(false);
    expect(compare(ledger, await readState(env.DB, ledger.userIds()))).toEqual({
      checked: 2,
      mismatches: [
        `user ${a.id}: last_name is "soak 0 #1", last write that landed was "soak 0 #3"`,
        `follow ${a.id}>${b.id}: stored following, last toggle answered unfollowed`,
      ],
    });
  });
});

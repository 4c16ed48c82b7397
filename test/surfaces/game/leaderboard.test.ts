import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client } from "../../helpers/client";
import { makeUser } from "../../helpers/factories";

async function setScore(id: number, score: number) {
  await env.DB.prepare("UPDATE users SET score = ? WHERE id = ?").bind(score, id).run();
}

describe("GET /users/leaderboard/", () => {
  it("200 ranks users by score, then id, with the documented fields", async () => {
    const [a, b, c] = [await makeUser(), await makeUser(), await makeUser()];
    await setScore(a.id, 2_000_000_001);
    await setScore(b.id, 2_000_000_002);
    await setScore(c.id, 2_000_000_001);
    const res = await new Client().get("/users/leaderboard/");
    expect(res.status).toBe(200);
    const top = res.body.slice(0, 3);
    expect(top).toEqual([
      { id: b.id, username: b.username, avatar: null, score: 2_000_000_002, rank: 1 },
      { id: a.id, username: a.username, avatar: null, score: 2_000_000_001, rank: 2 },
      { id: c.id, username: c.username, avatar: null, score: 2_000_000_001, rank: 3 },
    ]);
    const ranks = res.body.map((e: { rank: number }) => e.rank);
    expect(ranks).toEqual(ranks.map((_: number, i: number) => i + 1));
  });

  it("pages with limit and offset, keeping the absolute rank", async () => {
    const res = await new Client().get("/users/leaderboard/?limit=2&offset=1");
    expect(res.status).toBe(200);
    expect(res.body.map((e: { rank: number }) => e.rank)).toEqual([2, 3]);
  });

  it("leaves out deactivated users", async () => {
    const gone = await makeUser();
    await setScore(gone.id, 2_000_000_003);
    await env.DB.prepare("UPDATE users SET is_active = 0 WHERE id = ?").bind(gone.id).run();
    const res = await new Client().get("/users/leaderboard/?limit=5");
    expect(res.body.find((e: { id: number }) => e.id === gone.id)).toBeUndefined();
  });

  it("400 for a hostile limit", async () => {
    const res = await new Client().get("/users/leaderboard/?limit=-1");
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveProperty("limit");
  });
});

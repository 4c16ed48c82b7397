import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { deactivate, makeUser, setScore } from "../../helpers/factories";

describe("GET /users/leaderboard/", () => {
  it("200 ranks users by score, then id, with the documented fields", async () => {
    const [a, b, c] = [await makeUser(), await makeUser(), await makeUser()];
    await setScore(a.id, 2_000_000_001);
    await setScore(b.id, 2_000_000_002);
    await setScore(c.id, 2_000_000_001);
    const res = await new Client().get("/users/leaderboard/");
    expectStatus(res, 200);
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
    expectStatus(res, 200);
    expect(res.body.map((e: { rank: number }) => e.rank)).toEqual([2, 3]);
  });

  it("leaves out deactivated users", async () => {
    const gone = await makeUser();
    await setScore(gone.id, 2_000_000_003);
    await deactivate(gone.id);
    const res = await new Client().get("/users/leaderboard/?limit=5");
    expectStatus(res, 200);
    expect(res.body.find((e: { id: number }) => e.id === gone.id)).toBeUndefined();
  });

  it("400 for a hostile limit", async () => {
    const res = await new Client().get("/users/leaderboard/?limit=-1");
    expectStatus(res, 400);
    expect(res.body.errors).toHaveProperty("limit");
  });
});

describe("GET /users/leaderboard/ pages", () => {
  const PAGE = 100;
  type Entry = { id: number; username: string; avatar: string | null; score: number; rank: number };
  const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));

  /** The whole board as the database orders it, ranks included. */
  async function wholeBoard(): Promise<Entry[]> {
    const { results } = await env.DB.prepare(
      "SELECT id, username, score FROM users WHERE is_active = 1 AND is_banned = 0 ORDER BY score DESC, id ASC",
    ).all<{
      id: number;
      username: string;
      score: number;
    }>();
    return results.map((r, i) => ({ ...r, avatar: null, rank: i + 1 }));
  }

  beforeAll(async () => {
    // More than two default pages, whatever the tests above left behind.
    const missing = 2 * PAGE + 30 - (await wholeBoard()).length;
    for (let i = 0; i < missing; i += 25) {
      const made = await Promise.all(Array.from({ length: Math.min(25, missing - i) }, () => makeUser()));
      await Promise.all(made.map((u, j) => setScore(u.id, 1 + (((i + j) * 7919) % 500))));
    }
    // About 230 users: over the 10 s hook timeout in whole-suite runs on a loaded machine.
  }, 120_000);

  it("applies ?offset= without limit, keeping the absolute rank", async () => {
    const board = await wholeBoard();
    const res = await new Client().get("/users/leaderboard/?offset=3");
    expectStatus(res, 200);
    expect(res.body).toEqual(board.slice(3, 3 + PAGE));
  });

  it("answers at most 100 without limit, with a Link to the rest; following it walks the whole board", async () => {
    const board = await wholeBoard();
    const first = await new Client().get("/users/leaderboard/");
    expectStatus(first, 200);
    expect(first.body).toEqual(board.slice(0, PAGE));
    expect(first.headers.get("Link")).toBe(
      `<http://api.test/users/leaderboard/?limit=${PAGE}&offset=${PAGE}>; rel="next"`,
    );
    const walked: Entry[] = [];
    let next: string | null = "http://api.test/users/leaderboard/";
    while (next) {
      // The Link header is absolute: no declared path spells it.
      const page = await new Client().raw.get(next);
      expectStatus(page, 200);
      walked.push(...page.body);
      next = page.headers.get("Link")?.match(/^<([^>]+)>; rel="next"$/)?.[1] ?? null;
    }
    expect(walked).toEqual(board);
  });

  it("the next link is absolute and keeps the other query parameters", async () => {
    const res = await new Client().get("/users/leaderboard/?foo=bar&offset=10&limit=20&x=%C3%A9");
    expectStatus(res, 200);
    expect(res.body.map((e: Entry) => e.rank)).toEqual(Array.from({ length: 20 }, (_, i) => 11 + i));
    expect(res.headers.get("Link")).toBe(
      '<http://api.test/users/leaderboard/?foo=bar&offset=30&limit=20&x=%C3%A9>; rel="next"',
    );
  });

  it("caps a limit above 100", async () => {
    const board = await wholeBoard();
    const res = await new Client().get("/users/leaderboard/?limit=1000");
    expectStatus(res, 200);
    expect(res.body).toEqual(board.slice(0, PAGE));
    expect(res.headers.get("Link")).toBe(
      `<http://api.test/users/leaderboard/?limit=${PAGE}&offset=${PAGE}>; rel="next"`,
    );
  });

  it("no Link on the last page, and an empty page past the end", async () => {
    const board = await wholeBoard();
    const last = await new Client().get(`/users/leaderboard/?offset=${board.length - 5}`);
    expect(last.body).toEqual(board.slice(-5));
    expect(last.headers.has("Link")).toBe(false);
    const exact = await new Client().get(`/users/leaderboard/?limit=5&offset=${board.length - 5}`);
    expect(exact.body).toEqual(board.slice(-5));
    expect(exact.headers.has("Link")).toBe(false);
    const past = await new Client().get(`/users/leaderboard/?offset=${board.length + 10}`);
    expectStatus(past, 200);
    expect(past.body).toEqual([]);
    expect(past.headers.has("Link")).toBe(false);
  });

  it("400 in the game envelope for a hostile offset or limit", async () => {
    for (const query of [
      "offset=-1",
      "offset=abc",
      "offset=1.5",
      "limit=0",
      "limit=1e400",
      "offset=99999999999999999999",
    ]) {
      const res = await new Client().raw.get(`/users/leaderboard/?${query}`);
      expect({ query, status: res.status, fields: Object.keys(res.body.errors ?? {}) }).toEqual({
        query,
        status: 400,
        fields: [query.split("=")[0]],
      });
    }
  });

  it("costs one D1 statement at every page size", async () => {
    for (const query of ["", "?limit=1", "?limit=100", "?offset=150"]) {
      const res = await new Client().raw.get(`/users/leaderboard/${query}`);
      expect({ query, queries: queries(res) }).toEqual({ query, queries: 1 });
    }
  });
});

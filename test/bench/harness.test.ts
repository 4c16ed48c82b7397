// The bench's seed against the real migrations, in workerd: catches a migration that changes
// columns the seed writes, and checks that seeded users are real accounts that can log in.
// No timing here: numbers live in BENCHMARKS.md (npm run bench).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BENCH_PASSWORD, SEEDS, seed, seededName } from "../../bench/seed.mjs";
import { Client } from "../helpers/client";

const USERS = 400;

describe("bench seed", () => {
  it("fills every table that exists with rows the service accepts", async () => {
    const lines = await seed(env.DB, { users: USERS, logN: 4 });
    expect(lines).toHaveLength(SEEDS.length);
    for (const line of lines) expect(line).not.toMatch(/FAILED/);
    expect(lines.find((l) => l.startsWith("users:"))).toMatch(new RegExp(`^users: ${USERS} rows`));

    const login = await new Client().post("/users/login/", { username: seededName(7), password: BENCH_PASSWORD });
    expect(login.status, login.text).toBe(200);
    const groups = await env.DB.prepare("SELECT name FROM user_groups WHERE user_id = ?").bind(login.body.id).all();
    expect(groups.results.map((r) => r.name)).toEqual(["visitor"]);
  });
});

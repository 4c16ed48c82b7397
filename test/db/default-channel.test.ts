// Issue 19 item 7: every account has MediaCMS's default channel, with a stable random friendly token.
// migrations/0022_default_channel.sql adds the column, 0023_default_channel_backfill.sql fills it and keeps it filled.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { PASSWORD } from "../helpers/fixtures";
import { makeUser, uniqueName } from "../helpers/factories";

const TOKEN = /^[a-zA-Z0-9]{9}$/;
const tokenOf = async (username: string) =>
  (await env.DB.prepare("SELECT channel_token AS t FROM users WHERE username = ?")
    .bind(username)
    .first<{ t: string | null }>())!.t;
const editUrl = async (username: string) => {
  const res = await new Client().get(`/api/v1/users/${encodeURIComponent(username)}`);
  expect(res.status).toBe(200);
  return res.body.default_channel_edit_url as string;
};

describe("the default channel", () => {
  it("is made at sign-up through every API: /channel/<token>/edit, stable, one token per account", async () => {
    const names = { game: uniqueName("chg"), cocotree: uniqueName("chc"), twimbol: uniqueName("cht") };
    expect(
      (
        await new Client().post("/users/register/", {
          username: names.game,
          password1: PASSWORD,
          password2: PASSWORD,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await new Client().post("/auth/register", {
          username: names.cocotree,
          password: PASSWORD,
          email: `${names.cocotree}@example.com`,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await new Client().post("/user/api/register/", {
          username: names.twimbol,
          email: `${names.twimbol}@example.com`,
          password: PASSWORD,
        })
      ).status,
    ).toBe(201);
    const tokens = new Set<string>();
    for (const username of Object.values(names)) {
      const token = await tokenOf(username);
      expect(token).toMatch(TOKEN);
      tokens.add(token!);
      expect(await editUrl(username)).toBe(`/channel/${token}/edit`);
      expect(await editUrl(username)).toBe(`/channel/${token}/edit`);
    }
    expect(tokens.size).toBe(3);
  });

  it("a row inserted without drizzle gets one from the trigger, and the backfill fills rows that have none", async () => {
    const raw = uniqueName("chraw");
    await env.DB.prepare(
      "INSERT INTO users (username, username_key, password_hash, date_joined) VALUES (?, ?, 'x', ?)",
    )
      .bind(raw, raw, Date.now())
      .run();
    expect(await tokenOf(raw)).toMatch(TOKEN);

    const old = await makeUser();
    await env.DB.prepare("UPDATE users SET channel_token = NULL WHERE id = ?").bind(old.id).run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.includes("default_channel_backfill"));
    if (!migration) throw new Error("backfill migration not found");
    // Its first statement is the backfill; the second creates the trigger, which already exists.
    await env.DB.prepare(migration.queries[0]!).run();
    expect(await tokenOf(old.username)).toMatch(TOKEN);
  });
});

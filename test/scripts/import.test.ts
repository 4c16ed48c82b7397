import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  planImport,
  type DumpRecord,
  type ExistingUser,
  type ImportPlan,
  type PlanOptions,
} from "../../scripts/import/plan";
import { UntypedClient, expectStatus } from "../helpers/client";
import { makeUser } from "../helpers/factories";
import cinemata from "../fixtures/django/cinemata/dumpdata.json";
import cocotree from "../fixtures/django/cocotree/dumpdata.json";
import game from "../fixtures/django/game/dumpdata.json";
import twimbol from "../fixtures/django/twimbol/dumpdata.json";
import djangoMade from "../fixtures/django-hashes/django.json";
import nodeMade from "../fixtures/django-hashes/node.json";

const EXPORTS = { twimbol, game, cocotree, cinemata } as unknown as Record<string, DumpRecord[]>;
const vectors = [...nodeMade.vectors, ...djangoMade.vectors];

const existingUsers = async () =>
  (await env.DB.prepare("SELECT id, username_key, email_key FROM users").all<ExistingUser>()).results;

/** What `npm run import` does after reading the export: plan against the database as it is, then run every statement in order. */
async function runImport(records: DumpRecord[], options: PlanOptions = {}): Promise<ImportPlan> {
  const plan = planImport(records, await existingUsers(), options);
  for (const { statements } of plan.tables) for (const sql of statements) await env.DB.prepare(sql).run();
  return plan;
}

const TABLES = [
  "users",
  "user_groups",
  "posts",
  "post_likes",
  "post_hides",
  "post_reports",
  "comments",
  "follows",
  "blocks",
  "creator_applications",
  "parent_links",
  "friend_requests",
  "friendships",
  "chats",
  "chat_members",
  "messages",
];
async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = (await env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()).results;
  return out;
}

const LOGINS = ["/users/login/", "/user/login/", "/auth/login"];
const usersOf = (records: DumpRecord[]) =>
  records
    .filter((r) => "password" in r.fields)
    .map((r) => ({
      id: Number(r.pk),
      username: String(r.fields.username),
      hash: String(r.fields.password),
      active: r.fields.is_active !== false,
    }));

describe("npm run import (the plan it runs, against local D1)", () => {
  it.each(Object.keys(EXPORTS))(
    "%s: every user logs in through every API with the old password, then stored as scrypt",
    { timeout: 120_000 },
    async (system) => {
      const plan = await runImport(EXPORTS[system]!);
      expect(plan.collisions).toEqual([]);
      for (const u of usersOf(EXPORTS[system]!)) {
        const password = vectors.find((v) => v.django === u.hash)?.password;
        const row = await env.DB.prepare("SELECT id, username, password_hash FROM users WHERE id = ?")
          .bind(u.id)
          .first<{ id: number; username: string; password_hash: string }>();
        expect(row).toEqual({ id: u.id, username: u.username, password_hash: `django:${u.hash}` });
        if (!password || !u.active) {
          // Django's unusable password, or is_active False: no password login.
          expect(
            (
              await new UntypedClient().post("/user/login/", {
                username: u.username,
                password: password ?? "any-password",
              })
            ).status,
          ).toBe(401);
          continue;
        }
        for (const path of LOGINS)
          expectStatus(await new UntypedClient().post(path, { username: u.username, password }), 200);
        const after = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
          .bind(u.id)
          .first<string>("password_hash");
        expect(after).toMatch(/^scrypt\$/);
      }
    },
  );

  it("Twimbol's rows arrive with their ids, and what clients read of them is right", async () => {
    await runImport(EXPORTS.twimbol!);
    // Counted as on a first run, whatever an earlier test of this file imported.
    const plan = planImport(EXPORTS.twimbol!, []);
    expect(plan.ignored).toEqual({ "notifications.notification": 1 });
    const rows = Object.fromEntries(plan.tables.map((t) => [t.table, t.rows]));
    expect(rows).toMatchObject({
      users: 5,
      posts: 2,
      post_likes: 2,
      post_hides: 1,
      post_reports: 1,
      comments: 1,
      follows: 2,
      blocks: 1,
      creator_applications: 1,
      parent_links: 1,
    });
    const post = await new UntypedClient().get("/api/posts/7001/");
    expectStatus(post, 200);
    expect(post.body).toMatchObject({
      id: 7001,
      post_title: "First post",
      post_description: "Hello from Django",
    });
    const amira = await env.DB.prepare(
      "SELECT phone, address, birthday, social_facebook, user_status FROM users WHERE id = 9001",
    ).first();
    expect(amira).toEqual({
      phone: "+8801700000000",
      address: "Dhaka",
      birthday: "2011-02-03",
      social_facebook: "amira.fb",
      user_status: 1,
    });
    const groups = await env.DB.prepare(
      "SELECT user_id, name FROM user_groups WHERE user_id IN (9001, 9003) ORDER BY 1, 2",
    ).all();
    expect(groups.results).toEqual([
      { user_id: 9001, name: "creator" },
      { user_id: 9001, name: "visitor" },
      { user_id: 9003, name: "admin" },
      { user_id: 9003, name: "visitor" },
    ]);
    expect(await env.DB.prepare("SELECT like_count FROM posts WHERE id = 7001").first("like_count")).toBe(2);
  });

  it("Cocotree's friendships, requests, chats and messages arrive with their ids; a private chat is the pair's", async () => {
    await runImport(EXPORTS.cocotree!);
    const rows = Object.fromEntries(planImport(EXPORTS.cocotree!, []).tables.map((t) => [t.table, t.rows]));
    expect(rows).toMatchObject({
      users: 3,
      friend_requests: 2,
      friendships: 2,
      chats: 2,
      chat_members: 3,
      messages: 2,
    });
    const chats = await env.DB.prepare(
      "SELECT id, name, is_private, pair_key, created_at FROM chats WHERE id IN (8001, 8002) ORDER BY id",
    ).all();
    expect(chats.results).toEqual([
      { id: 8001, name: "", is_private: 1, pair_key: "9201:9202", created_at: 1714651200000 },
      { id: 8002, name: "Study group", is_private: 0, pair_key: null, created_at: 1714651300000 },
    ]);
    const messages = await env.DB.prepare(
      "SELECT id, sender_id, reply_id, content, timestamp FROM messages WHERE chat_id = 8001 ORDER BY id",
    ).all();
    expect(messages.results).toEqual([
      { id: 6001, sender_id: 9201, reply_id: null, content: "hello", timestamp: 1714651500250 },
      { id: 6002, sender_id: 9202, reply_id: 6001, content: "hi!", timestamp: 1714651510000 },
    ]);
    expect(await env.DB.prepare("SELECT phone, bio FROM users WHERE id = 9201").first()).toEqual({
      phone: "+85512345678",
      bio: "Hi from Cocotree",
    });
  });

  it("MediaCMS: a verified allauth EmailAddress of the user's own address arrives as email_is_verified; nothing else does", async () => {
    const user = (pk: number, username: string, email: string) => ({
      model: "users.user",
      pk,
      fields: { username, email, password: "!", is_active: true },
    });
    const address = (pk: number, userPk: number, email: string, verified: boolean) => ({
      model: "account.emailaddress",
      pk,
      fields: { user: userPk, email, verified, primary: true },
    });
    const records = [
      user(9711, "allauth_verified", "Allauth-Verified@Example.com"),
      user(9712, "allauth_unverified", "allauth-unverified@example.com"),
      user(9713, "allauth_moved", "allauth-now@example.com"),
      address(1, 9711, "allauth-verified@example.com", true),
      address(2, 9712, "allauth-unverified@example.com", false),
      address(3, 9713, "allauth-before@example.com", true),
    ] as DumpRecord[];
    const plan = await runImport(records);
    expect(plan.ignored).toEqual({});
    const rows = await env.DB.prepare(
      "SELECT id, email_is_verified FROM users WHERE id BETWEEN 9711 AND 9713 ORDER BY id",
    ).all();
    expect(rows.results).toEqual([
      { id: 9711, email_is_verified: 1 },
      { id: 9712, email_is_verified: 0 },
      { id: 9713, email_is_verified: 0 },
    ]);
  });

  it("names each user's own images for --media, and not Django's shared placeholders", () => {
    expect(planImport(EXPORTS.twimbol!, []).media).toEqual([
      {
        table: "users",
        id: 9001,
        ownerId: 9001,
        column: "avatar_key",
        kind: "avatar",
        path: "img/profile_pics/amira.png",
      },
      {
        table: "posts",
        id: 7001,
        ownerId: 9001,
        column: "banner_key",
        kind: "post",
        path: "img/posts/first.jpg",
      },
    ]);
    expect(planImport(EXPORTS.game!, []).media).toEqual([
      {
        table: "users",
        id: 9101,
        ownerId: 9101,
        column: "avatar_key",
        kind: "avatar",
        path: "avatars/gamer_one.png",
      },
    ]);
  });

  it("a dry run (the plan alone) writes nothing, and a second run changes nothing", async () => {
    const before = await snapshot();
    planImport(EXPORTS.cocotree!, await existingUsers());
    expect(await snapshot()).toEqual(before);
    await runImport(EXPORTS.cocotree!);
    const once = await snapshot();
    const again = await runImport(EXPORTS.cocotree!);
    expect(again.alreadyPresent).toBe(3);
    expect(again.tables.find((t) => t.table === "users")!.rows).toBe(0);
    expect(await snapshot()).toEqual(once);
  });

  it("usernames and emails that collide with existing accounts, or each other, are reported and never merged silently", async () => {
    const native = await makeUser({ username: "Taken_Name" });
    const mailOwner = await makeUser({ email: "Shared@Example.com" });
    const records: DumpRecord[] = [
      {
        model: "auth.user",
        pk: 9401,
        fields: { username: "taken_NAME", password: "md5$$x", email: "a@example.com" },
      },
      {
        model: "auth.user",
        pk: 9402,
        fields: { username: "new_person", password: "md5$$x", email: "shared@example.com" },
      },
      {
        model: "auth.user",
        pk: 9403,
        fields: { username: "Twin", password: "md5$$x", email: "t1@example.com" },
      },
      {
        model: "auth.user",
        pk: 9404,
        fields: { username: "TWIN", password: "md5$$x", email: "t2@example.com" },
      },
      { model: "user.follower", pk: 1, fields: { follower: 9402, following: 9403 } },
    ];
    const plan = await runImport(records);
    expect(plan.collisions).toEqual([
      `user 9401 "taken_NAME": username is taken by account ${native.id} (case-insensitively); not imported`,
      `user 9402 "new_person": email is taken by account ${mailOwner.id} (pass --merge-by-email if they are the same person); not imported`,
      `user 9404 "TWIN": username equals imported user 9403's case-insensitively; not imported`,
    ]);
    const ids = (
      await env.DB.prepare("SELECT id FROM users WHERE id BETWEEN 9401 AND 9404").all<{ id: number }>()
    ).results.map((r) => r.id);
    expect(ids).toEqual([9403]);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM follows WHERE followee_id = 9403").first("n"),
    ).toBe(0);

    // With --merge-by-email the same email is the same person: the rows attach to the existing account.
    const merged = await runImport(records, { mergeByEmail: true });
    expect(merged.merged).toEqual([`user 9402 "new_person" is account ${mailOwner.id} (same email)`]);
    expect(
      await env.DB.prepare("SELECT follower_id FROM follows WHERE followee_id = 9403").first("follower_id"),
    ).toBe(mailOwner.id);
  });

  it("cuts inserts into statements within D1's 100 KB limit", () => {
    const records = Array.from({ length: 3_000 }, (_, i) => ({
      model: "auth.user",
      pk: 20_000 + i,
      fields: {
        username: `bulk_${i}`,
        password: "pbkdf2_sha256$1000000$" + "s".repeat(22) + "$" + "h".repeat(44),
        email: `bulk_${i}@example.com`,
      },
    }));
    const users = planImport(records, []).tables.find((t) => t.table === "users")!;
    expect(users.rows).toBe(3_000);
    expect(users.statements.length).toBeGreaterThan(1);
    for (const s of users.statements) expect(new TextEncoder().encode(s).length).toBeLessThan(100_000);
  });
});

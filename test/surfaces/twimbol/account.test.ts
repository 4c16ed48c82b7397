import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makeUser, makeUserWithToken, setScore, uniqueName } from "../../helpers/factories";
import { JPEG_BYTES, OTHER_PASSWORD as GOOD, upload } from "../../helpers/fixtures";
import { storedNotifications } from "../../helpers/notifications";
import { latestCode, mailsTo } from "../../helpers/outbox";
import { purgeAll } from "../../helpers/purge";

const NOT_AUTH = { detail: "Authentication credentials were not provided." };
const FORBIDDEN = { detail: "You do not have permission to perform this action." };
const statusOf = (id: number) =>
  env.DB.prepare("SELECT user_status, is_active FROM users WHERE id = ?").bind(id).first();

describe("POST /user/api/register/", () => {
  it("201 creates the user in `visitor`, mails a welcome and stores the welcome notification", async () => {
    const username = uniqueName("twim");
    const email = `${username}@example.com`;
    const res = await new Client().post("/user/api/register/", {
      username,
      email,
      password: GOOD,
      birthday: "1995-06-15",
    });
    expectStatus(res, 201);
    expect(res.body).toEqual({
      message: "User registered successfully.",
      user: { id: expect.any(Number), username, email },
      email_sent: true,
    });
    expect((await mailsTo(email)).map((m) => m.subject)).toEqual(["Welcome!", "Confirm your email address"]);
    const row = await env.DB.prepare(
      "SELECT birthday, (SELECT group_concat(name) FROM user_groups WHERE user_id = users.id) AS g FROM users WHERE id = ?",
    )
      .bind(res.body.user.id)
      .first();
    expect(row).toEqual({ birthday: "1995-06-15", g: "visitor" });
    // Recorded in the batch that created the account: there as soon as the response is.
    const [note] = await storedNotifications(res.body.user.id);
    expect(note).toMatchObject({
      message: `Welcome ${username}! Your account has been successfully created.`,
      notification_type: "general",
      page: "profile",
      page_item_id: null,
      is_read: false,
    });
    // Stored as the event, not as Twimbol's words.
    const stored = await env.DB.prepare(
      "SELECT event, actor_id, data, message, page FROM notifications WHERE user_id = ?",
    )
      .bind(res.body.user.id)
      .first();
    expect(stored).toEqual({
      event: "welcome",
      actor_id: null,
      data: JSON.stringify({ username }),
      message: "",
      page: null,
    });
  });

  it("the birthday defaults to 2000-01-01", async () => {
    const username = uniqueName("twim");
    const res = await new Client().raw.post("/user/api/register/", {
      username,
      email: `${username}@example.com`,
      password: GOOD,
    });
    const row = await env.DB.prepare("SELECT birthday FROM users WHERE id = ?")
      .bind(res.body.user.id)
      .first();
    expect(row).toEqual({ birthday: "2000-01-01" });
  });

  it("400 reports a taken username and a taken email together", async () => {
    const existing = await makeUser();
    const res = await new Client().post("/user/api/register/", {
      username: existing.username,
      email: existing.email,
      password: GOOD,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ username: ["Username already exists."], email: ["Email already exists."] });
  });

  it("400 for every field problem at once", async () => {
    const res = await new Client().post("/user/api/register/", {
      username: "bad name",
      email: "nope",
      password: "123",
      birthday: "15/06/1995",
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      username: [
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
      ],
      email: ["Enter a valid email address."],
      birthday: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
      password: [
        "This password is too short. It must contain at least 8 characters.",
        "This password is entirely numeric.",
      ],
    });
  });

  it("400 reports a taken username together with a bad birthday", async () => {
    const existing = await makeUser();
    const res = await new Client().post("/user/api/register/", {
      username: existing.username,
      email: `${uniqueName()}@example.com`,
      password: GOOD,
      birthday: "yesterday",
    });
    expect(res.body).toEqual({
      username: ["Username already exists."],
      birthday: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
    });
  });

  it("400 for missing fields and impossible dates", async () => {
    const res = await new Client().raw.post("/user/api/register/", {});
    expect(res.body).toEqual({
      username: ["This field is required."],
      email: ["This field is required."],
      password: ["This field is required."],
    });
    const feb30 = await new Client().post("/user/api/register/", {
      username: uniqueName(),
      email: "a@b.co",
      password: GOOD,
      birthday: "2001-02-30",
    });
    expect(feb30.body).toEqual({
      birthday: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
    });
  });
});

describe("GET /user/api/profile/", () => {
  it("200 returns a one-item list with the nested user", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).get("/user/api/profile/");
    expectStatus(res, 200);
    expect(res.body).toEqual([
      {
        id: u.id,
        user: {
          id: u.id,
          username: u.username,
          email: u.email,
          first_name: "",
          last_name: "",
          profile_pic: null,
          user_phone: "",
          user_address: "",
          user_type: "regular",
          user_social_fb: "",
          user_social_twt: "",
          user_social_yt: "",
          user_status: true,
          user_banned: false,
          user_group: ["visitor"],
        },
        followed_by_user: false,
        blocked_by_user: false,
      },
    ]);
  });

  it("401 without credentials", async () => {
    const res = await new Client().get("/user/api/profile/");
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTH);
  });
});

describe("PATCH /user/api/update/{id}/", () => {
  it("200 updates text fields and the picture from a multipart form", async () => {
    const u = await makeUserWithToken();
    const form = upload("profile_pic", "me.jpg", JPEG_BYTES);
    for (const [k, v] of Object.entries({
      first_name: "John",
      last_name: "Doe",
      user_phone: "+1234567890",
      user_address: "New York, USA",
      user_social_fb: "facebook.com/john",
      user_social_twt: "twitter.com/john",
      user_social_yt: "youtube.com/john",
    }))
      form.append(k, v);
    const res = await new Client()
      .withToken(u.access)
      .request("PATCH", `/user/api/update/${u.id}/`, { body: form });
    expectStatus(res, 200);
    expect(res.body).toEqual({
      userId: u.id,
      first_name: "John",
      last_name: "Doe",
      profile_pic: expect.stringMatching(new RegExp(`^/media/u/${u.id}/avatar/.+\\.jpg$`)),
      user_phone: "+1234567890",
      user_address: "New York, USA",
      user_social_fb: "facebook.com/john",
      user_social_twt: "twitter.com/john",
      user_social_yt: "youtube.com/john",
    });
    const game = await new Client().withToken(u.access).get(`/users/${u.id}/`);
    expect(game.body).toMatchObject({ first_name: "John", avatar: res.body.profile_pic });
  });

  it("accepts JSON too and leaves unsent fields alone", async () => {
    const u = await makeUserWithToken();
    await new Client()
      .withToken(u.access)
      .patch(`/user/api/update/${u.id}/`, { first_name: "Ann", user_phone: "123" });
    const res = await new Client()
      .withToken(u.access)
      .patch(`/user/api/update/${u.id}/`, { last_name: "Lee" });
    expect(res.body).toMatchObject({ first_name: "Ann", last_name: "Lee", user_phone: "123" });
  });

  it("400 for a non-image picture and over-long fields", async () => {
    const u = await makeUserWithToken();
    const bad = await new Client().withToken(u.access).request("PATCH", `/user/api/update/${u.id}/`, {
      body: upload("profile_pic", "x.png", new TextEncoder().encode("not an image")),
    });
    expectStatus(bad, 400);
    expect(bad.body).toEqual({
      profile_pic: [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
      ],
    });
    const long = await new Client()
      .withToken(u.access)
      .raw.patch(`/user/api/update/${u.id}/`, { user_phone: "9".repeat(40), first_name: 5 });
    expectStatus(long, 400);
    expect(long.body).toEqual({ first_name: ["Not a valid string."] });
    const longPhone = await new Client()
      .withToken(u.access)
      .patch(`/user/api/update/${u.id}/`, { user_phone: "9".repeat(40) });
    expect(longPhone.body).toEqual({ user_phone: ["Ensure this field has no more than 32 characters."] });
  });

  it("a bad picture leaves the text fields untouched", async () => {
    const u = await makeUserWithToken();
    const form = upload("profile_pic", "x.exe", new TextEncoder().encode("MZ not an image"));
    form.append("first_name", "Changed");
    const res = await new Client()
      .withToken(u.access)
      .request("PATCH", `/user/api/update/${u.id}/`, { body: form });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      profile_pic: [
        "File extension “exe” is not allowed. Allowed extensions are: jpg, jpeg, png, gif, webp.",
      ],
    });
    const profile = await new Client().withToken(u.access).get("/user/api/profile/");
    expectStatus(profile, 200);
    expect(profile.body[0]!.user.first_name).toBe("");
  });

  it("403 for someone else's profile; 401 without credentials", async () => {
    const u = await makeUserWithToken();
    const other = await makeUser();
    const res = await new Client()
      .withToken(u.access)
      .patch(`/user/api/update/${other.id}/`, { first_name: "Mallory" });
    expectStatus(res, 403);
    expect(res.body).toEqual(FORBIDDEN);
    const anon = await new Client().patch(`/user/api/update/${other.id}/`, { first_name: "Mallory" });
    expectStatus(anon, 401);
  });
});

describe.each(["POST", "PATCH"] as const)("%s /user/api/deactivate/{id}/", (method) => {
  it("200 deactivates and ends the session", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const res = await client.request(method, `/user/api/deactivate/${u.id}/`);
    expectStatus(res, 200);
    expect(res.body).toEqual({ detail: "Profile deactivated successfully" });
    expect((await client.get("/user/api/profile/")).status).toBe(401);
    expect(await statusOf(u.id)).toEqual({ user_status: 0, is_active: 1 });
  });

  it("403 for someone else's id, 401 without credentials", async () => {
    const u = await makeUserWithToken();
    const other = await makeUser();
    const res = await new Client().withToken(u.access).request(method, `/user/api/deactivate/${other.id}/`);
    expectStatus(res, 403);
    expect(res.body).toEqual(FORBIDDEN);
    expect((await new Client().request(method, `/user/api/deactivate/${other.id}/`)).status).toBe(401);
  });
});

describe("POST /user/api/deactivate/ (no id, as the Account Settings page calls it)", () => {
  it("200 deactivates the caller", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).post("/user/api/deactivate/");
    expectStatus(res, 200);
    expect(res.body).toEqual({ detail: "Profile deactivated successfully" });
    expect((await new Client().withToken(u.access).get("/user/api/profile/")).status).toBe(401);
    expect(await statusOf(u.id)).toEqual({ user_status: 0, is_active: 1 });
  });

  it("401 without credentials", async () => {
    const res = await new Client().post("/user/api/deactivate/");
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTH);
  });
});

describe("a Twimbol deactivation is undone by the next login (issue 10, finding 3)", () => {
  const TOKEN_INVALID = { detail: "Token is invalid or expired", code: "token_not_valid" };
  const NOT_FOUND = { detail: "User not found." };

  async function deactivated() {
    const u = await makeUserWithToken();
    const cookie = new Client();
    expect((await cookie.post("/users/login/", { username: u.username, password: u.password })).status).toBe(
      200,
    );
    const res = await new Client().withToken(u.access).patch(`/user/api/deactivate/${u.id}/`);
    expectStatus(res, 200);
    return { u, cookie };
  }

  it("ends every access token, refresh token and cookie of the user", async () => {
    const { u, cookie } = await deactivated();
    const stale = await new Client().withToken(u.access).get("/user/api/profile/");
    expectStatus(stale, 401);
    expect(stale.body).toEqual(NOT_AUTH);
    const refreshed = await new Client().post("/api/token/refresh/", { refresh: u.refresh });
    expectStatus(refreshed, 401);
    expect(refreshed.body).toEqual(TOKEN_INVALID);
    const game = await cookie.get(`/users/${u.id}/`);
    expectStatus(game, 401);
    expect(game.body).toEqual({ errors: "User is not authenticated." });
  });

  it("a Twimbol login reactivates: the profile shows user_status true; the old tokens stay dead", async () => {
    const { u } = await deactivated();
    const login = await new Client().post("/user/login/", { username: u.username, password: u.password });
    expectStatus(login, 200);
    expect(login.body.user).toEqual({ id: u.id, username: u.username, email: u.email });
    const profile = await new Client().withToken(login.body.access).get("/user/api/profile/");
    expectStatus(profile, 200);
    expect(profile.body[0]!.user.user_status).toBe(true);
    expect((await new Client().withToken(u.access).get("/user/api/profile/")).status).toBe(401);
    expect((await new Client().post("/api/token/refresh/", { refresh: u.refresh })).body).toEqual(
      TOKEN_INVALID,
    );
  });

  it("a game login reactivates too", async () => {
    const { u } = await deactivated();
    const client = new Client();
    const login = await client.post("/users/login/", { username: u.username, password: u.password });
    expectStatus(login, 200);
    const profile = await client.get("/user/api/profile/");
    expectStatus(profile, 200);
    expect(profile.body[0]!.user.user_status).toBe(true);
    expect(await statusOf(u.id)).toEqual({ user_status: 1, is_active: 1 });
  });

  it("a wrong password does not reactivate", async () => {
    const { u } = await deactivated();
    const res = await new Client().post("/user/login/", {
      username: u.username,
      password: "not-the-password",
    });
    expectStatus(res, 401);
    expect(res.body).toEqual({ detail: "No active account found with the given credentials" });
    expect(await statusOf(u.id)).toEqual({ user_status: 0, is_active: 1 });
  });

  it("while deactivated the user is hidden from follow and block, and from the leaderboard; after a login they are back", async () => {
    const { u } = await deactivated();
    await setScore(u.id, 2_000_000_020);
    const me = await makeUserWithToken();
    const follow = await new Client().withToken(me.access).post("/user/profile/follow/", { user_id: u.id });
    expectStatus(follow, 404);
    expect(follow.body).toEqual(NOT_FOUND);
    const block = await new Client().withToken(me.access).post("/user/profile/block/", { user_id: u.id });
    expectStatus(block, 404);
    expect(block.body).toEqual(NOT_FOUND);
    expect(
      await env.DB.prepare("SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?")
        .bind(me.id, u.id)
        .first(),
    ).toBeNull();
    const board = await new Client().get("/users/leaderboard/?limit=5");
    expectStatus(board, 200);
    expect(board.body.find((e: { id: number }) => e.id === u.id)).toBeUndefined();

    expect(
      (await new Client().post("/user/login/", { username: u.username, password: u.password })).status,
    ).toBe(200);
    const again = await new Client().withToken(me.access).post("/user/profile/follow/", { user_id: u.id });
    expectStatus(again, 200);
    expect(again.body).toEqual({ detail: `Successfully followed ${u.username}.` });
    expect(
      (await new Client().raw.get("/users/leaderboard/?limit=5")).body.some(
        (e: { id: number }) => e.id === u.id,
      ),
    ).toBe(true);
  });

  it("a deactivated user who forgot the password can still reset it, and the login that follows reactivates", async () => {
    const { u } = await deactivated();
    expect((await new Client().post("/user/forgot-password/", { email: u.email })).status).toBe(200);
    const reset = await new Client().post("/user/reset-password-confirm/", {
      email: u.email,
      code: await latestCode(u.email),
      new_password: "Back-again-2026",
    });
    expectStatus(reset, 200);
    expect(await statusOf(u.id)).toEqual({ user_status: 0, is_active: 1 });
    expect(
      (await new Client().post("/user/login/", { username: u.username, password: "Back-again-2026" })).status,
    ).toBe(200);
    expect(await statusOf(u.id)).toEqual({ user_status: 1, is_active: 1 });
  });

  it("the game's {deactivate: true} is is_active = False: no login through any API, user_status untouched", async () => {
    const u = await makeUserWithToken();
    expect(
      (await new Client().withToken(u.access).patch(`/users/${u.id}/`, { deactivate: true })).status,
    ).toBe(200);
    const twimbol = await new Client().post("/user/login/", { username: u.username, password: u.password });
    expectStatus(twimbol, 401);
    expect(twimbol.body).toEqual({ detail: "No active account found with the given credentials" });
    expect(
      (await new Client().post("/users/login/", { username: u.username, password: u.password })).status,
    ).toBe(401);
    expect(await statusOf(u.id)).toEqual({ user_status: 1, is_active: 0 });
  });
});

describe("POST /user/delete/", () => {
  it("200 deletes the account", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).post("/user/delete/");
    expectStatus(res, 200);
    expect(res.body).toEqual({ detail: "Account deleted successfully." });
    expect(
      await env.DB.prepare("SELECT id FROM users WHERE id = ? AND deleted_at IS NULL").bind(u.id).first(),
    ).toBeNull();
    await purgeAll();
    expect(await env.DB.prepare("SELECT id FROM users WHERE id = ?").bind(u.id).first()).toBeNull();
  });

  it("other users' notifications about the deleted account no longer name it (the name is free to register again)", async () => {
    const [gone, other] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    expectStatus(
      await new Client().withToken(gone.access).post("/user/profile/follow/", { user_id: other.id }),
      200,
    );
    const before = await new Client().withToken(other.access).get("/api/notifications/");
    expect((before.body as { message: string }[]).map((n) => n.message)).toEqual([
      `${gone.username} started following you.`,
    ]);
    expectStatus(await new Client().withToken(gone.access).post("/user/delete/"), 200);
    const after = await new Client().withToken(other.access).get("/api/notifications/");
    expect(after.text).not.toContain(gone.username);
    expect((after.body as { message: string }[]).map((n) => n.message)).toEqual([
      expect.stringMatching(new RegExp(`^deleted_${gone.id}_\\d{8} started following you\\.$`)),
    ]);
  });

  it("401 without credentials", async () => {
    const res = await new Client().post("/user/delete/");
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTH);
  });
});

describe("one identity across APIs", () => {
  it("a Twimbol registration logs in through the game API, and a game registration through Twimbol", async () => {
    const a = uniqueName("twim");
    await new Client().post("/user/api/register/", {
      username: a,
      email: `${a}@example.com`,
      password: GOOD,
    });
    expect((await new Client().post("/users/login/", { username: a, password: GOOD })).status).toBe(200);
    const b = uniqueName("game");
    await new Client().post("/users/register/", { username: b, password1: GOOD, password2: GOOD });
    const twimbol = await new Client().post("/user/login/", { username: b, password: GOOD });
    expectStatus(twimbol, 200);
    expect(twimbol.body.user).toEqual({ id: expect.any(Number), username: b, email: "" });
  });

  it("a game session cookie works on Twimbol routes", async () => {
    const user = await makeUser();
    const client = new Client();
    await client.post("/users/login/", { username: user.username, password: user.password });
    const res = await client.get("/user/api/profile/");
    expectStatus(res, 200);
    expect(res.body[0]!.user.username).toBe(user.username);
  });
});

describe("POST /user/api/register/ usernames that look alike", () => {
  it("400 for a combining mark, and for a taken name under a full case fold", async () => {
    const base = uniqueName("fold");
    await makeUser({ username: `${base}abcσ`, email: `${base}@example.com` });
    const mark = await new Client().post("/user/api/register/", {
      username: `${base}abcσ\u034F`,
      email: `${base}1@example.com`,
      password: GOOD,
    });
    expectStatus(mark, 400);
    expect(mark.body).toEqual({
      username: [
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
      ],
    });
    const folded = await new Client().post("/user/api/register/", {
      username: `${base.toUpperCase()}ABCΣ`,
      email: `${base}2@example.com`,
      password: GOOD,
    });
    expectStatus(folded, 400);
    expect(folded.body).toEqual({ username: ["Username already exists."] });
  });
});

describe("POST /user/api/register/ emails and text", () => {
  it("400 for an email Django's EmailValidator refuses", async () => {
    for (const email of ["<script>@example.com", "a..b@example.com", "a@example.c", "a(b)@example.com"]) {
      const res = await new Client().post("/user/api/register/", {
        username: uniqueName(),
        email,
        password: GOOD,
      });
      expect(res.status, email).toBe(400);
      expect(res.body).toEqual({ email: ["Enter a valid email address."] });
    }
  });

  it("400 for a NUL in the email or a lone surrogate in the password, as DRF's CharField", async () => {
    const username = uniqueName();
    const res = await new Client().post("/user/api/register/", {
      username,
      email: `${username}\u0000@example.com`,
      password: `${GOOD}\udfff`,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      email: ["Null characters are not allowed."],
      password: ["Surrogate characters are not allowed: U+DFFF."],
    });
  });
});

describe("PATCH /user/api/update/{id}/ text that must not be stored", () => {
  it("400 for a NUL, a lone surrogate or a control character, from JSON or a form; nothing changes", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const json = await client.patch(`/user/api/update/${u.id}/`, {
      first_name: "a\u0000b",
      user_address: "\ud800x",
      user_phone: "12\u001b[2J",
    });
    expectStatus(json, 400);
    expect(json.body).toEqual({
      first_name: ["Null characters are not allowed."],
      user_address: ["Surrogate characters are not allowed: U+D800."],
      user_phone: ["Control characters are not allowed: U+001B."],
    });
    const form = new FormData();
    form.append("last_name", "x\u0000");
    form.append("user_social_fb", "a\u0085b");
    const multipart = await client.request("PATCH", `/user/api/update/${u.id}/`, { body: form });
    expectStatus(multipart, 400);
    expect(multipart.body).toEqual({
      last_name: ["Null characters are not allowed."],
      user_social_fb: ["Control characters are not allowed: U+0085."],
    });
    const profile = await client.get("/user/api/profile/");
    expectStatus(profile, 200);
    expect(profile.body[0]!.user).toMatchObject({
      first_name: "",
      last_name: "",
      user_phone: "",
      user_address: "",
      user_social_fb: "",
    });
  });

  it("200 keeps tabs and newlines in free text", async () => {
    const u = await makeUserWithToken();
    const res = await new Client()
      .withToken(u.access)
      .patch(`/user/api/update/${u.id}/`, { user_address: "1 Main St\r\nApt\t4" });
    expectStatus(res, 200);
    expect(res.body.user_address).toBe("1 Main St\r\nApt\t4");
  });
});

describe("PATCH /user/api/update/{id}/ under another content type", () => {
  it("415 in DRF's words for JSON sent as text/plain or with no content type; nothing changes", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const body = new TextEncoder().encode(JSON.stringify({ first_name: "Changed" }));
    const plain = await client.request("PATCH", `/user/api/update/${u.id}/`, {
      body,
      headers: { "Content-Type": "text/plain" },
    });
    expectStatus(plain, 415);
    expect(plain.body).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
    const none = await client.request("PATCH", `/user/api/update/${u.id}/`, { body });
    expectStatus(none, 415);
    expect(none.body).toEqual({ detail: 'Unsupported media type "" in request.' });
    const profile = await client.get("/user/api/profile/");
    expectStatus(profile, 200);
    expect(profile.body[0]!.user.first_name).toBe("");
  });

  it("400, not a silent 200, for multipart without a boundary", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).request("PATCH", `/user/api/update/${u.id}/`, {
      body: new TextEncoder().encode("first_name=Changed"),
      headers: { "Content-Type": "multipart/form-data" },
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ detail: "Malformed request body." });
  });
});

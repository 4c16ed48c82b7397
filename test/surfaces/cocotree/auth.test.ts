import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, UntypedClient, expectStatus } from "../../helpers/client";
import { makeUser, makeUserWithToken, uniqueName } from "../../helpers/factories";
import { JPEG_BYTES, OTHER_PASSWORD } from "../../helpers/fixtures";
import { loggedInGameUser } from "../../helpers/game";
import { claimsOf } from "../../helpers/tokens";

describe("POST /auth/register", () => {
  it("creates the account with its profile and answers a working token", async () => {
    const username = uniqueName("coco");
    const res = await new Client().post("/auth/register", {
      username,
      password: OTHER_PASSWORD,
      email: `${username}@example.com`,
      phone_number: "+1234",
      bio: "hi",
    });
    expectStatus(res, 200);
    expect(res.body).toEqual({ code: 0, payload: { token: expect.any(String), id: expect.any(Number) } });
    const me = await new UntypedClient().get("/users/user_details/", {
      headers: { Authorization: res.body.payload.token },
    });
    expect(me.body.payload).toMatchObject({
      id: res.body.payload.id,
      username,
      email: `${username}@example.com`,
      phone_number: "+1234",
      bio: "hi",
      pending_count: 0,
    });
  });

  it("writes the profile fields in the batch that creates the account: no statement more than a bare registration", async () => {
    const bare = await new Client().post("/auth/register", {
      username: uniqueName("cocob"),
      password: OTHER_PASSWORD,
    });
    expectStatus(bare, 200);
    const full = await new Client().post("/auth/register", {
      username: uniqueName("cocof"),
      password: OTHER_PASSWORD,
      phone_number: "+1234",
      bio: "hi",
    });
    expectStatus(full, 200);
    expect(full.headers.get("X-D1-Queries")).toBe(bare.headers.get("X-D1-Queries"));
    const row = await env.DB.prepare("SELECT phone, bio FROM users WHERE id = ?")
      .bind(full.body.payload.id)
      .first();
    expect(row).toEqual({ phone: "+1234", bio: "hi" });
  });

  it("takes multipart with a profile_picture", async () => {
    const username = uniqueName("cocopic");
    const form = new FormData();
    form.append("username", username);
    form.append("password", OTHER_PASSWORD);
    form.append("profile_picture", new File([JPEG_BYTES], "me.jpg"));
    const res = await new UntypedClient().request("POST", "/auth/register", { body: form });
    expect(res.status, res.text).toBe(200);
    const me = await new UntypedClient().get("/users/user_details/", {
      headers: { Authorization: res.body.payload.token },
    });
    expect(me.body.payload.profile_picture).toMatch(/\.jpg$/);
    const notImage = new FormData();
    notImage.append("username", uniqueName("cocobad"));
    notImage.append("password", OTHER_PASSWORD);
    notImage.append("profile_picture", new File([new TextEncoder().encode("hello")], "x.jpg"));
    const bad = await new UntypedClient().request("POST", "/auth/register", { body: notImage });
    expect(bad.status).toBe(400);
    expect(bad.body.payload).toHaveProperty("profile_picture");
    expect(
      await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE username = ?")
        .bind(notImage.get("username"))
        .first(),
    ).toEqual({ n: 0 });
  });

  it("a taken username is 400 in this route's words", async () => {
    const taken = await makeUser();
    const res = await new Client().post("/auth/register", {
      username: taken.username.toUpperCase(),
      password: OTHER_PASSWORD,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      error: "Username already exists.",
      payload: { username: ["Username already exists."] },
      code: 1,
    });
  });

  it("missing fields, wrong types and weak passwords are field errors", async () => {
    const missing = await new UntypedClient().post("/auth/register", { username: uniqueName("x") });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      code: 1,
      error: "This field is required.",
      payload: { password: ["This field is required."] },
    });
    const wrong = await new UntypedClient().post("/auth/register", {
      username: ["a"],
      password: OTHER_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.payload).toEqual({ username: ["Not a valid string."] });
    const weak = await new UntypedClient().post("/auth/register", {
      username: uniqueName("weak"),
      password: "12345678",
    });
    expect(weak.status).toBe(400);
    expect(weak.body.payload.password).toBeDefined();
  });
});

describe("POST /auth/login", () => {
  it("the token lives 24 hours, as the original's (issue 22): its session row and its exp say so; register's too", async () => {
    const u = await makeUser();
    const login = await new Client().post("/auth/login", { username: u.username, password: u.password });
    expectStatus(login, 200);
    const registered = await new UntypedClient().post("/auth/register", {
      username: uniqueName("coco"),
      password: OTHER_PASSWORD,
    });
    for (const token of [login.body.payload.token, registered.body.payload.token]) {
      const claims = claimsOf(token);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(24 * 3600);
      const row = await env.DB.prepare(
        "SELECT kind, expires_at - created_at AS lifetime FROM sessions WHERE handle = ?",
      )
        .bind(claims.sid)
        .first();
      expect(row).toEqual({ kind: "cocotree", lifetime: 24 * 3600 * 1000 });
    }
    // Revocable like any other: logging out ends it at once.
    expect(
      (
        await new UntypedClient().post("/users/logout/", undefined, {
          headers: { Authorization: login.body.payload.token },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await new UntypedClient().get("/users/user_details/", {
          headers: { Authorization: login.body.payload.token },
        })
      ).status,
    ).toBe(401);
  });

  it("answers {success, payload: {token, id}, status}", async () => {
    const u = await makeUser();
    const res = await new Client().post("/auth/login", { username: u.username, password: u.password });
    expectStatus(res, 200);
    expect(res.body).toEqual({
      success: true,
      payload: { token: expect.any(String), id: u.id },
      status: 200,
    });
  });

  it("an unknown user and a wrong password are 401", async () => {
    const u = await makeUser();
    const unknown = await new Client().post("/auth/login", { username: uniqueName("nobody"), password: "x" });
    expectStatus(unknown, 401);
    expect(unknown.body).toEqual({ success: false, message: "User does not exist", code: 1, status: 401 });
    const wrong = await new Client().post("/auth/login", {
      username: u.username,
      password: "wrong-password",
    });
    expectStatus(wrong, 401);
    expect(wrong.body).toEqual({ success: false, message: "Wrong password", code: 1, status: 401 });
  });

  it("missing or non-string fields are 400", async () => {
    for (const [body, field] of [
      [{ password: "x" }, "username"],
      [{ username: 5, password: "x" }, "username"],
      [{ username: "someone" }, "password"],
      [{ username: "someone", password: ["x"] }, "password"],
    ] as const) {
      const res = await new UntypedClient().post("/auth/login", body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        success: false,
        message: `Missing or error type of [${field}]`,
        status: 400,
      });
    }
  });

  it("shares the lockout: five failures through any API lock it here", async () => {
    const u = await makeUser();
    for (let i = 0; i < 3; i++)
      await new UntypedClient().post("/user/login/", { username: u.username, password: "wrong-password" });
    for (let i = 0; i < 2; i++)
      await new UntypedClient().post("/auth/login", { username: u.username, password: "wrong-password" });
    const res = await new Client().post("/auth/login", { username: u.username, password: u.password });
    expectStatus(res, 403);
    expect(res.body).toEqual({
      success: false,
      message: "Locked out due to too many login failures.",
      code: 1,
      status: 403,
    });
  });
});

describe("one identity across the APIs", () => {
  it("a Twimbol token (bare or Bearer) and a game sessionid cookie work on Cocotree routes", async () => {
    const u = await makeUser();
    const twimbol = await new UntypedClient().post("/user/login/", {
      username: u.username,
      password: u.password,
    });
    for (const header of [
      twimbol.body.access,
      `Bearer ${twimbol.body.access}`,
      `JWT ${twimbol.body.access}`,
    ]) {
      const res = await new UntypedClient().get("/users/user_details/", {
        headers: { Authorization: header },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.payload.id).toBe(u.id);
    }
    const { user, client } = await loggedInGameUser();
    const viaCookie = await client.raw.get("/users/user_details/");
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.payload.id).toBe(user.id);
  });

  it("a Cocotree token works on Twimbol and game routes", async () => {
    const u = await makeUser();
    const login = await new UntypedClient().post("/auth/login", {
      username: u.username,
      password: u.password,
    });
    const token = login.body.payload.token as string;
    const twimbol = await new UntypedClient().get("/user/api/profile/", {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(twimbol.status, twimbol.text).toBe(200);
    const game = await new UntypedClient().get(`/users/${u.id}/`, { headers: { Authorization: token } });
    expect(game.status, game.text).toBe(200);
    expect(game.body.id).toBe(u.id);
  });

  it("the game keeps its own /users/ routes next to Cocotree's carve-outs", async () => {
    const { user, client } = await loggedInGameUser();
    expect((await client.raw.get(`/users/${user.id}/`)).status).toBe(200);
    expect((await client.raw.get("/users/leaderboard/")).status).toBe(200);
    const gameWrongMethod = await client.raw.get("/users/login/");
    expect(gameWrongMethod.body).toEqual({ errors: 'Method "GET" not allowed.' });
    const notCocotree = await new UntypedClient().get("/users/user_infox/");
    expect(notCocotree.body).toHaveProperty("errors");
    const cocotree404 = await new UntypedClient().get("/users/friends/nothing-here/");
    expect(cocotree404.status).toBe(404);
    expect(cocotree404.body).toEqual({ code: 2, error: "Not found." });
  });

  it("an access token of a token session still works for the routes that need a fresh one", async () => {
    const u = await makeUserWithToken();
    const res = await new UntypedClient().patch(
      "/users/user_details/",
      { bio: "x" },
      { headers: { Authorization: u.access } },
    );
    expect(res.status).toBe(200);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, UntypedClient, expectStatus } from "../../helpers/client";
import {
  befriend,
  block,
  deactivate,
  makeUserWithToken,
  setProfile,
  uniqueName,
} from "../../helpers/factories";
import { JPEG_BYTES, OTHER_PASSWORD, PNG_BYTES, upload } from "../../helpers/fixtures";

// Untyped: the game's `/users/{id}/` pattern also matches these paths in the typed client.
const as = (u: { access: string }) => new UntypedClient().withToken(u.access);
const NOT_AUTH = { code: 1, error: "Authentication credentials were not provided." };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe("GET /users/user_info/{id}/", () => {
  it("answers a stranger with is_friend false and no group, a friend with my group for them", async () => {
    const [me, other] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await setProfile(other.id, { bio: "hello there" });
    const res = await as(me).get(`/users/user_info/${other.id}/`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        id: other.id,
        username: other.username,
        bio: "hello there",
        profile_picture: null,
        created_time: expect.stringMatching(ISO),
        is_friend: false,
        group: null,
      },
    });
    await befriend(me.id, other.id);
    await as(me).patch(`/users/friends/group_update/${other.id}/`, { group: "Close Friends" });
    const friend = await as(me).get(`/users/user_info/${other.id}/`);
    expect(friend.body.payload).toMatchObject({ is_friend: true, group: "Close Friends" });
    expect(Number(friend.headers.get("X-D1-Queries"))).toBe(2);
  });

  it("an unknown, inactive or blocked (either way) user is 404 code 2", async () => {
    const [me, gone, blocker, blocked] = await Promise.all([
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
    ]);
    await deactivate(gone.id);
    await block(blocker.id, me.id);
    await block(me.id, blocked.id);
    for (const id of [999_999_999, gone.id, blocker.id, blocked.id]) {
      const res = await as(me).get(`/users/user_info/${id}/`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 2, error: "User not found" });
    }
    const huge = await as(me).get(`/users/user_info/${"9".repeat(50)}/`);
    expect(huge.body).toEqual({ code: 2, error: "User not found" });
    const word = await as(me).get("/users/user_info/abc/");
    expect(word.status).toBe(404);
    expect(word.body.code).toBe(2);
  });

  it("needs credentials; a forged token is 401 code 1", async () => {
    const res = await new UntypedClient().get("/users/user_info/1/");
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
    const forged = await new UntypedClient().get("/users/user_info/1/", {
      headers: { Authorization: "eyJhbGciOiJIUzI1NiJ9.e30.x" },
    });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe(1);
  });

  it("a wrong method is 405 in Cocotree's envelope", async () => {
    const me = await makeUserWithToken();
    const res = await as(me).post("/users/user_info/1/", {});
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ code: 2, error: "HTTP method 'POST' is not allowed on this endpoint." });
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
    const get = await as(me).get("/users/delete_account/");
    expect(get.body).toEqual({ code: 2, error: "HTTP method 'GET' is not allowed on this endpoint." });
  });
});

describe("GET /users/search_users/", () => {
  it("finds an exact username, case-insensitively", async () => {
    const [me, other] = await Promise.all([
      makeUserWithToken(),
      makeUserWithToken({ username: uniqueName("Search") }),
    ]);
    const res = await new Client()
      .withToken(me.access)
      .get(`/users/search_users/?username=${other.username.toUpperCase()}`);
    expectStatus(res, 200);
    expect(res.body).toEqual({
      code: 0,
      payload: { id: other.id, username: other.username, profile_picture: null },
    });
    const prefix = await new Client()
      .withToken(me.access)
      .get(`/users/search_users/?username=${other.username.slice(0, -1)}`);
    expectStatus(prefix, 404);
    expect(prefix.body).toEqual({ code: 1, error: "User not found" });
  });

  it("a missing username is 400 code 1", async () => {
    const me = await makeUserWithToken();
    for (const path of ["/users/search_users/", "/users/search_users/?username="] as const) {
      const res = await new Client().withToken(me.access).get(path);
      expectStatus(res, 400);
      expect(res.body).toEqual({ code: 1, error: "Username is required" });
    }
    const longest = await new Client()
      .withToken(me.access)
      .get(`/users/search_users/?username=${"a".repeat(150)}`);
    expectStatus(longest, 404);
    // No username is longer than 150 characters (issue 19 item 2: every filter is bounded).
    const huge = await new Client()
      .withToken(me.access)
      .raw.get(`/users/search_users/?username=${"a".repeat(5000)}`);
    expect(huge.status).toBe(400);
    expect(huge.body).toEqual({
      code: 1,
      error: "Ensure this field has no more than 150 characters.",
      payload: { username: ["Ensure this field has no more than 150 characters."] },
    });
  });
});

describe("GET /users/user_details/", () => {
  it("answers my full profile", async () => {
    const me = await makeUserWithToken();
    await setProfile(me.id, { bio: "me", phone: "+1234567890" });
    const res = await as(me).get("/users/user_details/");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        id: me.id,
        username: me.username,
        email: me.email,
        phone_number: "+1234567890",
        bio: "me",
        profile_picture: null,
        created_time: expect.stringMatching(ISO),
        pending_count: 0,
      },
    });
  });
});

describe("PATCH /users/user_details/", () => {
  it("changes username and bio and answers a fresh token that works", async () => {
    const me = await makeUserWithToken();
    const username = uniqueName("renamed");
    const res = await as(me).patch("/users/user_details/", { username, bio: "new bio" });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        message: "User info updated successfully",
        data: { id: me.id, username, bio: "new bio", profile_picture: null },
        token: expect.any(String),
      },
    });
    const withNew = await new UntypedClient().get("/users/user_details/", {
      headers: { Authorization: res.body.payload.token },
    });
    expect(withNew.body.payload.username).toBe(username);
  });

  it("takes a multipart profile_picture, checked by its bytes", async () => {
    const me = await makeUserWithToken();
    const form = upload("profile_picture", "me.jpg", JPEG_BYTES);
    form.append("bio", "with picture");
    const res = await as(me).request("PATCH", "/users/user_details/", { body: form });
    expect(res.status, res.text).toBe(200);
    expect(res.body.payload.data.profile_picture).toMatch(/^\/media\/u\/\d+\/avatar\/.+\.jpg$/);
    expect(res.body.payload.data.bio).toBe("with picture");
    const stored = await env.MEDIA.get(res.body.payload.data.profile_picture.slice("/media/".length));
    expect(stored).not.toBeNull();
    const fake = await as(me).request("PATCH", "/users/user_details/", {
      body: upload("profile_picture", "x.png", new TextEncoder().encode("not an image")),
    });
    expect(fake.status).toBe(400);
    expect(fake.body).toMatchObject({
      code: 1,
      payload: { profile_picture: [expect.stringContaining("Upload a valid image")] },
    });
    const png = await as(me).request("PATCH", "/users/user_details/", {
      body: upload("profile_picture", "p.png", PNG_BYTES),
    });
    expect(png.status).toBe(200);
  });

  it("a taken username is 400 with the seed's words", async () => {
    const [me, other] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    const res = await as(me).patch("/users/user_details/", { username: other.username.toUpperCase() });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: "Username already exists",
      payload: { username: ["A user with that username already exists."] },
      code: 1,
    });
  });

  it("refuses wrong types and huge strings in the envelope", async () => {
    const me = await makeUserWithToken();
    const wrong = await as(me).patch("/users/user_details/", { username: 5 });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({
      code: 1,
      error: "Not a valid string.",
      payload: { username: ["Not a valid string."] },
    });
    const huge = await as(me).patch("/users/user_details/", { bio: "x".repeat(5000) });
    expect(huge.status).toBe(400);
    expect(huge.body.payload.bio[0]).toMatch(/at most 1000 characters/);
    const unauth = await new UntypedClient().patch("/users/user_details/", { bio: "x" });
    expect(unauth.body).toEqual(NOT_AUTH);
  });
});

describe("PATCH /users/user_details/sensitive/", () => {
  it("changes email and phone after the current password; the session goes on", async () => {
    const me = await makeUserWithToken();
    const email = `${uniqueName("new")}@example.com`;
    const res = await as(me).patch("/users/user_details/sensitive/", {
      validation_password: me.password,
      email,
      phone_number: "+1987654321",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        message: "User info updated successfully",
        data: { id: me.id, email, phone_number: "+1987654321" },
      },
    });
    expect((await as(me).get("/users/user_details/")).status).toBe(200);
  });

  it("a new password keeps the session that made it, ends every other one, and the new one logs in", async () => {
    const me = await makeUserWithToken();
    const other = await new UntypedClient().post("/auth/login", {
      username: me.username,
      password: me.password,
    });
    const res = await as(me).patch("/users/user_details/sensitive/", {
      validation_password: me.password,
      password: OTHER_PASSWORD,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.payload.data).toEqual({ id: me.id, email: me.email, phone_number: "" });
    // Django's update_session_auth_hash: the caller stays signed in (before: 401 here).
    expect((await as(me).get("/users/user_details/")).status).toBe(200);
    expect(
      (
        await new UntypedClient().get("/users/user_details/", {
          headers: { Authorization: other.body.payload.token },
        })
      ).status,
    ).toBe(401);
    const login = await new UntypedClient().post("/auth/login", {
      username: me.username,
      password: OTHER_PASSWORD,
    });
    expect(login.status).toBe(200);
  });

  it("without the current password 400; a wrong one 401 and it counts toward the lockout", async () => {
    const me = await makeUserWithToken();
    const missing = await as(me).patch("/users/user_details/sensitive/", { email: "a@example.com" });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ code: 1, error: "Current password is required" });
    for (let i = 0; i < 5; i++) {
      const wrong = await as(me).patch("/users/user_details/sensitive/", {
        validation_password: "nope-nope-nope",
        email: "a@example.com",
      });
      if (i < 4) {
        expect(wrong.status).toBe(401);
        expect(wrong.body).toEqual({ code: 1, error: "Current password is incorrect" });
      }
    }
    const locked = await new UntypedClient().post("/auth/login", {
      username: me.username,
      password: me.password,
    });
    expect(locked.status).toBe(403);
    expect(locked.body).toEqual({
      success: false,
      message: "Locked out due to too many login failures.",
      code: 1,
      status: 403,
    });
  });

  it("checks new values as at registration", async () => {
    const me = await makeUserWithToken();
    const res = await as(me).patch("/users/user_details/sensitive/", {
      validation_password: me.password,
      password: "123",
      email: "not-an-email",
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(1);
    expect(Object.keys(res.body.payload).sort()).toEqual(["email", "password"]);
    const wrongType = await as(me).patch("/users/user_details/sensitive/", { validation_password: 12345 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.payload).toEqual({ validation_password: ["Not a valid string."] });
  });
});

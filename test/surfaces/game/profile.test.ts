import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makeUser, uniqueName } from "../../helpers/factories";
import { loggedInGameUser } from "../../helpers/game";

const NOT_YOURS = { errors: "You do not have permission to access this user's profile." };
const NOT_AUTH = { errors: "User is not authenticated." };

describe("GET /users/<id>/", () => {
  it("200 returns the own profile", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.get(`/users/${user.id}/`);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({
      id: user.id,
      username: user.username,
      avatar: null,
      email: user.email,
      score: 0,
      total_wins: 0,
      total_losses: 0,
    });
    expect(res.body).not.toHaveProperty("password_hash");
    expect(res.body).not.toHaveProperty("passwordHash");
  });

  it("403 for someone else's profile", async () => {
    const { client } = await loggedInGameUser();
    const other = await makeUser();
    const res = await client.get(`/users/${other.id}/`);
    expectStatus(res, 403);
    expect(res.body).toEqual(NOT_YOURS);
  });

  it("401 without credentials", async () => {
    const other = await makeUser();
    const res = await new Client().get(`/users/${other.id}/`);
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTH);
  });

  it("404 in the game envelope for a non-numeric id", async () => {
    const res = await new Client().raw.get("/users/abc/");
    expectStatus(res, 404);
    expect(res.body).toEqual({ errors: "Not found." });
  });
});

describe("PATCH /users/<id>/", () => {
  it("200 updates username, email and names", async () => {
    const { user, client } = await loggedInGameUser();
    const username = uniqueName("renamed");
    const res = await client.patch(`/users/${user.id}/`, {
      username,
      email: `${username}@example.org`,
      first_name: "Ada",
      last_name: "Lovelace",
    });
    expectStatus(res, 200);
    expect(res.body).toEqual({ id: user.id, username, message: "User Profile updated." });
    const me = await client.get(`/users/${user.id}/`);
    expect(me.body).toMatchObject({
      username,
      email: `${username}@example.org`,
      first_name: "Ada",
      last_name: "Lovelace",
    });
  });

  it("400 when the new username or email belongs to someone else", async () => {
    const { user, client } = await loggedInGameUser();
    const other = await makeUser();
    const res = await client.patch(`/users/${user.id}/`, {
      username: other.username,
      email: other.email.toUpperCase(),
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: {
        username: ["A user with that username already exists."],
        email: ["A user with that email already exists."],
      },
    });
  });

  it("400 for an invalid email", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.patch(`/users/${user.id}/`, { email: "not-an-email" });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: { email: ["Enter a valid email address."] } });
  });

  it("keeping one's own username is not a conflict", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.patch(`/users/${user.id}/`, { username: user.username, first_name: "Same" });
    expectStatus(res, 200);
  });

  it("200 deactivates with {deactivate: true}; the session ends and login is refused", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.patch(`/users/${user.id}/`, { deactivate: true });
    expectStatus(res, 200);
    expect(res.body).toEqual({ id: user.id, username: user.username, message: "Account deactivated." });
    expect((await client.get(`/users/${user.id}/`)).status).toBe(401);
  });

  it("403 for someone else's profile, and nothing changes", async () => {
    const { client } = await loggedInGameUser();
    const other = await makeUser();
    const res = await client.patch(`/users/${other.id}/`, { deactivate: true });
    expectStatus(res, 403);
    expect(res.body).toEqual(NOT_YOURS);
    expect(
      (await new Client().post("/users/login/", { username: other.username, password: other.password }))
        .status,
    ).toBe(200);
  });

  it("403 for someone else's profile even when the body is invalid", async () => {
    const { client } = await loggedInGameUser();
    const other = await makeUser();
    const res = await client.raw.patch(`/users/${other.id}/`, { username: 7 });
    expectStatus(res, 403);
    expect(res.body).toEqual(NOT_YOURS);
    const pw = await client.raw.post(`/users/${other.id}/password/`, {});
    expectStatus(pw, 403);
  });

  it("401 without credentials", async () => {
    const other = await makeUser();
    const res = await new Client().patch(`/users/${other.id}/`, { first_name: "x" });
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTH);
  });

  it("400 for wrong types", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.raw.patch(`/users/${user.id}/`, { deactivate: "yes", username: 7 });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: { deactivate: ["Must be a valid boolean."], username: ["Not a valid string."] },
    });
  });
});

describe("DELETE /users/<id>/", () => {
  it("200 deletes the account: its session dies and the name is free again", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.delete(`/users/${user.id}/`);
    expectStatus(res, 200);
    expect(res.body).toEqual({ id: user.id, username: user.username, message: "Account deleted." });
    expect((await client.get(`/users/${user.id}/`)).status).toBe(401);
    const again = await new Client().post("/users/register/", {
      username: user.username,
      password1: "Tr1cky-pass-word",
      password2: "Tr1cky-pass-word",
    });
    expectStatus(again, 201);
  });

  it("403 for someone else's account", async () => {
    const { client } = await loggedInGameUser();
    const other = await makeUser();
    const res = await client.delete(`/users/${other.id}/`);
    expectStatus(res, 403);
    expect(res.body).toEqual(NOT_YOURS);
  });

  it("401 without credentials", async () => {
    const other = await makeUser();
    const res = await new Client().delete(`/users/${other.id}/`);
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTH);
  });
});

describe("POST /users/<id>/password/", () => {
  const NEW = "An0ther-fine-secret";

  it("200 changes the password, ends every other session, keeps this one, and the new password works", async () => {
    const { user, client } = await loggedInGameUser();
    const second = new Client();
    await second.post("/users/login/", { username: user.username, password: user.password });
    const res = await client.post(`/users/${user.id}/password/`, {
      old_password: user.password,
      new_password1: NEW,
      new_password2: NEW,
    });
    expectStatus(res, 200);
    expect(res.body).toEqual({ id: user.id, username: user.username, message: "User password updated." });
    // The session cookie stays as it was (only the read-replica bookmark cookie moves on).
    expect(res.headers.getSetCookie().filter((c) => !c.startsWith("d1_bookmark="))).toEqual([]);
    expect((await second.get(`/users/${user.id}/`)).status).toBe(401);
    expect((await client.get(`/users/${user.id}/`)).status).toBe(200);
    expect((await client.patch(`/users/${user.id}/`, { first_name: "Still" })).status).toBe(200);
    expect(
      (await new Client().post("/users/login/", { username: user.username, password: user.password })).status,
    ).toBe(401);
    expect(
      (await new Client().post("/users/login/", { username: user.username, password: NEW })).status,
    ).toBe(200);
  });

  it("400 for a wrong old password, as the original words it", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.post(`/users/${user.id}/password/`, {
      old_password: "nope-nope-nope",
      new_password1: NEW,
      new_password2: NEW,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: "Old password is incorrect." });
  });

  it("400 when the new password is the old one, and the password stays", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.post(`/users/${user.id}/password/`, {
      old_password: user.password,
      new_password1: user.password,
      new_password2: user.password,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: "New password cannot be the same as the old one." });
    expect(
      (await new Client().post("/users/login/", { username: user.username, password: user.password })).status,
    ).toBe(200);
  });

  it("400 when the new passwords differ or are weak", async () => {
    const { user, client } = await loggedInGameUser();
    const mismatch = await client.post(`/users/${user.id}/password/`, {
      old_password: user.password,
      new_password1: NEW,
      new_password2: `${NEW}!`,
    });
    expect(mismatch.body).toEqual({ errors: { new_password2: ["The two password fields didn’t match."] } });
    const weak = await client.post(`/users/${user.id}/password/`, {
      old_password: user.password,
      new_password1: "password",
      new_password2: "password",
    });
    expectStatus(weak, 400);
    expect(weak.body).toEqual({ errors: { new_password2: ["This password is too common."] } });
  });

  it("403 for someone else's account and 401 without credentials", async () => {
    const { client } = await loggedInGameUser();
    const other = await makeUser();
    const body = { old_password: other.password, new_password1: NEW, new_password2: NEW };
    expect((await client.post(`/users/${other.id}/password/`, body)).body).toEqual(NOT_YOURS);
    const anon = await new Client().post(`/users/${other.id}/password/`, body);
    expectStatus(anon, 401);
    expect(anon.body).toEqual(NOT_AUTH);
  });
});

describe("PATCH /users/<id>/ username folding", () => {
  it("400 when the new username is a taken one under a full case fold", async () => {
    const base = uniqueName("fold");
    await makeUser({ username: `${base}abcσ`, email: `${base}@example.com` });
    const { user, client } = await loggedInGameUser();
    const res = await client.patch(`/users/${user.id}/`, { username: `${base}ABCΣ` });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: { username: ["A user with that username already exists."] } });
    expect((await client.raw.get(`/users/${user.id}/`)).body.username).toBe(user.username);
  });

  it("400 for a combining mark in the new username", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.patch(`/users/${user.id}/`, { username: `${user.username}\u034F` });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: {
        username: [
          "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
        ],
      },
    });
  });
});

describe("PATCH /users/<id>/ under a content type other than JSON", () => {
  const body = JSON.stringify({ first_name: "Changed" });
  const unsupported = (type: string) => ({ errors: `Unsupported media type "${type}" in request.` });

  it("415 for JSON sent as text/plain, as multipart without a boundary, or with no content type; nothing changes", async () => {
    const { user, client } = await loggedInGameUser();
    const cases: [Record<string, string>, string][] = [
      [{ "Content-Type": "text/plain" }, "text/plain"],
      [{ "Content-Type": "multipart/form-data" }, "multipart/form-data"],
      [{ "Content-Type": "application/x-www-form-urlencoded" }, "application/x-www-form-urlencoded"],
      [{}, ""],
    ];
    for (const [headers, type] of cases) {
      // A byte body, so the runtime adds no Content-Type of its own.
      const res = await client.request("PATCH", `/users/${user.id}/`, {
        body: new TextEncoder().encode(body),
        headers,
      });
      expect(res.status, type).toBe(415);
      expect(res.body).toEqual(unsupported(type));
    }
    expect((await client.raw.get(`/users/${user.id}/`)).body.first_name).toBe("");
  });

  it("200 for an empty body with no content type, as DRF parses it as no data", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.request("PATCH", `/users/${user.id}/`);
    expectStatus(res, 200);
    expect(res.body).toEqual({ id: user.id, username: user.username, message: "User Profile updated." });
  });
});

describe("PATCH /users/<id>/ text that must not be stored", () => {
  it("400 for a NUL, a lone surrogate or a control character, in the game's field-error shape; nothing changes", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.patch(`/users/${user.id}/`, {
      first_name: "a\u0000b",
      last_name: "\ud800",
      email: `x\u0007${user.email}`,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: {
        first_name: ["Null characters are not allowed."],
        last_name: ["Surrogate characters are not allowed: U+D800."],
        email: ["Control characters are not allowed: U+0007."],
      },
    });
    expect((await client.get(`/users/${user.id}/`)).body).toMatchObject({
      first_name: "",
      last_name: "",
      email: user.email,
    });
  });

  it("400 for an email Django's EmailValidator refuses", async () => {
    const { user, client } = await loggedInGameUser();
    for (const email of [
      "a..b@example.com",
      "<b>@example.com",
      "a@example.c",
      "a@ex_ample.com",
      "a@-example.com",
      "a@[300.1.1.1]",
    ]) {
      const res = await client.patch(`/users/${user.id}/`, { email });
      expect(res.status, email).toBe(400);
      expect(res.body).toEqual({ errors: { email: ["Enter a valid email address."] } });
    }
    expect((await client.raw.get(`/users/${user.id}/`)).body.email).toBe(user.email);
  });

  it("200 for the addresses Django accepts: a quoted user part with two dots, a literal IP, localhost", async () => {
    const { user, client } = await loggedInGameUser();
    for (const email of [
      `"odd..name${user.id}"@example.com`,
      `${user.id}.x@[127.0.0.1]`,
      `${user.id}.y@[::1]`,
      `${user.id}.z@localhost`,
    ]) {
      const res = await client.patch(`/users/${user.id}/`, { email });
      expect(res.status, `${email} ${JSON.stringify(res.body)}`).toBe(200);
    }
  });
});

import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makeUser, uniqueName } from "../../helpers/factories";
import { loggedInGameUser } from "../../helpers/game";

describe("POST /users/login/", () => {
  it("200 logs in and sets an HttpOnly, SameSite=Lax sessionid cookie", async () => {
    const user = await makeUser();
    const client = new Client();
    const res = await client.post("/users/login/", { username: user.username, password: user.password });
    expectStatus(res, 200);
    expect(res.body).toEqual({ id: user.id, username: user.username, message: "Login successful." });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("sessionid="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
  });

  it("accepts the username in any case", async () => {
    const user = await makeUser();
    const res = await new Client().post("/users/login/", {
      username: user.username.toUpperCase(),
      password: user.password,
    });
    expectStatus(res, 200);
  });

  it("400 when already logged in", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.post("/users/login/", { username: user.username, password: user.password });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: "User is already authenticated." });
  });

  it("401 for a wrong password", async () => {
    const user = await makeUser();
    const res = await new Client().post("/users/login/", {
      username: user.username,
      password: "wrong-password",
    });
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "Invalid password." });
  });

  it("401 for an unknown username", async () => {
    const res = await new Client().post("/users/login/", {
      username: "nobody_here_at_all",
      password: "whatever-pass",
    });
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "Username does not exist." });
  });

  it.each([
    [{}],
    [{ username: "someone" }],
    [{ password: "x" }],
    [{ username: "", password: "" }],
    [{ username: 1, password: 2 }],
  ])("401 when username or password is missing: %j", async (body) => {
    const res = await new Client().post("/users/login/", body);
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "Username and password are required." });
  });

  it("401 for a deactivated account, even with the right password", async () => {
    const { user, client } = await loggedInGameUser();
    expect((await client.patch(`/users/${user.id}/`, { deactivate: true })).status).toBe(200);
    const res = await new Client().post("/users/login/", {
      username: user.username,
      password: user.password,
    });
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "Invalid password." });
  });

  it("403 on the fifth consecutive failure and after, even with the right password", async () => {
    const user = await makeUser();
    const client = new Client();
    for (let i = 0; i < 4; i++) {
      const res = await client.post("/users/login/", { username: user.username, password: "wrong-password" });
      expectStatus(res, 401);
    }
    const fifth = await client.post("/users/login/", { username: user.username, password: "wrong-password" });
    expectStatus(fifth, 403);
    expect(fifth.body).toEqual({ error: "Locked out due to too many login failures." });
    const right = await new Client().post("/users/login/", {
      username: user.username,
      password: user.password,
    });
    expectStatus(right, 403);
    expect(right.body).toEqual({ error: "Locked out due to too many login failures." });
  });

  it("a success resets the failure count", async () => {
    const user = await makeUser();
    const client = new Client();
    for (let i = 0; i < 4; i++)
      await client.post("/users/login/", { username: user.username, password: "wrong-password" });
    expect(
      (await new Client().post("/users/login/", { username: user.username, password: user.password })).status,
    ).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect(
        (await client.post("/users/login/", { username: user.username, password: "wrong-password" })).status,
      ).toBe(401);
    }
  });

  it("holds under 20 concurrent wrong passwords from many IPs: the right one is then refused", async () => {
    const user = await makeUser();
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        new Client().post("/users/login/", { username: user.username, password: "wrong-password" }),
      ),
    );
    expect(attempts.filter((r) => r.status === 403).length).toBeGreaterThanOrEqual(15);
    expect(attempts.every((r) => r.status === 401 || r.status === 403)).toBe(true);
    const right = await new Client().post("/users/login/", {
      username: user.username,
      password: user.password,
    });
    expectStatus(right, 403);
  });

  it("refuses a cross-site login form post", async () => {
    const user = await makeUser();
    const res = await new Client().post(
      "/users/login/",
      { username: user.username, password: user.password },
      { headers: { Origin: "https://evil.example" } },
    );
    expectStatus(res, 403);
    expect(res.body).toEqual({ errors: "CSRF verification failed. Request aborted." });
  });

  it("400 for a body that is not JSON, in the original's words", async () => {
    const res = await new Client().request("POST", "/users/login/", {
      body: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: "Invalid JSON input." });
  });
});

describe("POST /users/logout/", () => {
  it("200 ends the session; the cookie no longer works", async () => {
    const { user, client } = await loggedInGameUser();
    const cookie = client.cookies.get("sessionid")!;
    const res = await client.post("/users/logout/");
    expectStatus(res, 200);
    expect(res.body).toEqual({ id: user.id, username: user.username, message: "Logout successful." });
    const replay = await new Client().get(`/users/${user.id}/`, {
      headers: { Cookie: `sessionid=${cookie}` },
    });
    expectStatus(replay, 401);
  });

  it("401 when not logged in", async () => {
    const res = await new Client().post("/users/logout/");
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "User is not authenticated." });
  });

  it("401 with a made-up cookie", async () => {
    const res = await new Client().post("/users/logout/", undefined, {
      headers: { Cookie: "sessionid=made-up" },
    });
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "User is not authenticated." });
  });
});

describe("POST /users/login/ username folding", () => {
  it("200 for the username under a full case fold (ABCΣ for abcσ, STRASSE for straße)", async () => {
    const sigma = await makeUser({
      username: `${uniqueName("fold")}abcσ`,
      email: `${uniqueName()}@example.com`,
    });
    const res = await new Client().post("/users/login/", {
      username: sigma.username.toUpperCase(),
      password: sigma.password,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ id: sigma.id, username: sigma.username, message: "Login successful." });
    const sharp = await makeUser({
      username: `${uniqueName("fold")}straße`,
      email: `${uniqueName()}@example.com`,
    });
    const upper = await new Client().post("/users/login/", {
      username: sharp.username.replace("ß", "SS"),
      password: sharp.password,
    });
    expect(upper.status, JSON.stringify(upper.body)).toBe(200);
  });
});

describe("POST /users/login/ text", () => {
  it("400 for a NUL in the username, in the game's field-error shape", async () => {
    const res = await new Client().post("/users/login/", {
      username: "admin\u0000",
      password: "whatever-pass",
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: { username: ["Null characters are not allowed."] } });
  });
});

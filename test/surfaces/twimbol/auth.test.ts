import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makeUser, uniqueName } from "../../helpers/factories";
import { latestCode } from "../../helpers/outbox";

const NO_ACCOUNT = { detail: "No active account found with the given credentials" };
const TOKEN_INVALID = { detail: "Token is invalid or expired", code: "token_not_valid" };

async function login(user: { username: string; password: string }) {
  const res = await new Client().post("/user/login/", { username: user.username, password: user.password });
  expectStatus(res, 200);
  return res.body as {
    access: string;
    refresh: string;
    user: { id: number; username: string; email: string };
  };
}

describe("POST /user/login/", () => {
  it("200 returns access, refresh and the user", async () => {
    const user = await makeUser();
    const body = await login(user);
    expect(body).toEqual({
      access: expect.any(String),
      refresh: expect.any(String),
      user: { id: user.id, username: user.username, email: user.email },
    });
    const me = await new Client().withToken(body.access).get("/user/api/profile/");
    expectStatus(me, 200);
  });

  it("401 for a wrong password or an unknown user, with one message", async () => {
    const user = await makeUser();
    for (const body of [
      { username: user.username, password: "wrong-one" },
      { username: "nobody_at_all_here", password: "whatever" },
    ]) {
      const res = await new Client().post("/user/login/", body);
      expectStatus(res, 401);
      expect(res.body).toEqual(NO_ACCOUNT);
    }
  });

  it("400 with field errors for missing or blank fields", async () => {
    const missing = await new Client().raw.post("/user/login/", {});
    expectStatus(missing, 400);
    expect(missing.body).toEqual({
      username: ["This field is required."],
      password: ["This field is required."],
    });
    const blank = await new Client().post("/user/login/", { username: "", password: "" });
    expect(blank.body).toEqual({
      username: ["This field may not be blank."],
      password: ["This field may not be blank."],
    });
  });

  it("shares the lockout counter with the game API's login", async () => {
    const user = await makeUser();
    for (let i = 0; i < 3; i++)
      await new Client().post("/users/login/", { username: user.username, password: "wrong-one" });
    expect(
      (await new Client().post("/user/login/", { username: user.username, password: "wrong-one" })).status,
    ).toBe(401);
    const fifth = await new Client().post("/user/login/", { username: user.username, password: "wrong-one" });
    expectStatus(fifth, 403);
    expect(fifth.body).toEqual({ detail: "Locked out due to too many login failures." });
    expect(
      (await new Client().post("/users/login/", { username: user.username, password: user.password })).status,
    ).toBe(403);
  });
});

describe.each(["/api/token/refresh", "/api/token/refresh/"] as const)("POST %s", (path) => {
  it("200 returns a new access token; the refresh token keeps working", async () => {
    const tokens = await login(await makeUser());
    const first = await new Client().post(path, { refresh: tokens.refresh });
    expectStatus(first, 200);
    expect(Object.keys(first.body)).toEqual(["access"]);
    expect((await new Client().withToken(first.body.access).get("/user/api/profile/")).status).toBe(200);
    const second = await new Client().post(path, { refresh: tokens.refresh });
    expectStatus(second, 200);
  });

  it("401 for an access token offered as a refresh token, or garbage", async () => {
    const tokens = await login(await makeUser());
    for (const refresh of [tokens.access, "garbage"]) {
      const res = await new Client().post(path, { refresh });
      expectStatus(res, 401);
      expect(res.body).toEqual(TOKEN_INVALID);
    }
  });

  it("400 when refresh is missing", async () => {
    const res = await new Client().raw.post(path, {});
    expectStatus(res, 400);
    expect(res.body).toEqual({ refresh: ["This field is required."] });
  });
});

describe("refresh token lifetime", () => {
  it("dies with its session at logout", async () => {
    const tokens = await login(await makeUser());
    const out = await new Client().withToken(tokens.access).post("/user/logout/");
    expectStatus(out, 302);
    expect(out.headers.get("Location")).toBe("/user/login/");
    expect((await new Client().post("/api/token/refresh/", { refresh: tokens.refresh })).body).toEqual(
      TOKEN_INVALID,
    );
    expect((await new Client().withToken(tokens.access).get("/user/api/profile/")).status).toBe(401);
  });

  it("dies when the password changes through another session, and lives on in the session that changed it", async () => {
    const user = await makeUser();
    const tokens = await login(user);
    const changer = await login(user);
    const res = await new Client()
      .withToken(changer.access)
      .put("/user/change-password/", { old_password: user.password, new_password: "Quite-new-secret-7" });
    expectStatus(res, 200);
    expect((await new Client().post("/api/token/refresh/", { refresh: tokens.refresh })).body).toEqual(
      TOKEN_INVALID,
    );
    expect((await new Client().post("/api/token/refresh/", { refresh: changer.refresh })).status).toBe(200);
  });

  it("dies when the password is reset, in every session", async () => {
    const user = await makeUser();
    const tokens = await login(user);
    expect((await new Client().post("/user/forgot-password/", { email: user.email })).status).toBe(200);
    const reset = await new Client().post("/user/reset-password-confirm/", {
      email: user.email,
      code: await latestCode(user.email),
      new_password: "Quite-new-secret-7",
    });
    expectStatus(reset, 200);
    expect((await new Client().post("/api/token/refresh/", { refresh: tokens.refresh })).body).toEqual(
      TOKEN_INVALID,
    );
  });

  it("with REFRESH_ROTATION=true each use replaces the token, and reusing an old one ends the session", async () => {
    const rotating = () => new Client({}, { REFRESH_ROTATION: "true" });
    const tokens = await login(await makeUser());
    const first = await rotating().post("/api/token/refresh/", { refresh: tokens.refresh });
    expectStatus(first, 200);
    expect(first.body).toEqual({ access: expect.any(String), refresh: expect.any(String) });
    expect(first.body.refresh).not.toBe(tokens.refresh);
    const second = await rotating().post("/api/token/refresh/", { refresh: first.body.refresh! });
    expectStatus(second, 200);
    const replay = await rotating().post("/api/token/refresh/", { refresh: tokens.refresh });
    expectStatus(replay, 401);
    expect((await rotating().post("/api/token/refresh/", { refresh: second.body.refresh! })).status).toBe(
      401,
    );
    expect((await new Client().withToken(second.body.access).get("/user/api/profile/")).status).toBe(401);
  });

  it("with rotation, two concurrent uses of one token leave at most one winner", async () => {
    const tokens = await login(await makeUser());
    const results = await Promise.all(
      [0, 1].map(() =>
        new Client({}, { REFRESH_ROTATION: "true" }).post("/api/token/refresh/", { refresh: tokens.refresh }),
      ),
    );
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
  });
});

describe("POST /user/logout/", () => {
  it("401 without credentials", async () => {
    const res = await new Client().post("/user/logout/");
    expectStatus(res, 401);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("GET /user/login/ (where the redirect lands) answers DRF's 405", async () => {
    const res = await new Client().raw.get("/user/login/");
    expectStatus(res, 405);
    expect(res.body).toEqual({ detail: 'Method "GET" not allowed.' });
  });
});

describe("POST /user/login/ username folding and text", () => {
  it("200 for the username under a full case fold", async () => {
    const user = await makeUser({
      username: `${uniqueName("fold")}abcσ`,
      email: `${uniqueName()}@example.com`,
    });
    await login({ username: user.username.toUpperCase(), password: user.password });
  });

  it("400 for a NUL in the username, as DRF's CharField", async () => {
    const res = await new Client().post("/user/login/", { username: "admin\u0000", password: "whatever" });
    expectStatus(res, 400);
    expect(res.body).toEqual({ username: ["Null characters are not allowed."] });
  });
});

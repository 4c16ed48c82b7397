import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, UntypedClient, expectStatus } from "../../helpers/client";
import { adminUpdate, enableTwoFactor, makeUser, makeUserWithToken } from "../../helpers/factories";
import { OTHER_PASSWORD } from "../../helpers/fixtures";
import { mailsTo } from "../../helpers/outbox";
import { totpCodeOf } from "../../helpers/totp";

const REQUIRED = "Two-factor authentication required.";
const TOKEN_INVALID = { detail: "Invalid or expired mfa_token." };
const INCORRECT_CODE = { detail: "Incorrect code." };
const code = (secret: string, offset: -1 | 0 | 1) => totpCodeOf(secret, new Date(), offset);

async function userWithTwoFactor() {
  const user = await makeUser();
  return { user, ...(await enableTwoFactor(user.id)) };
}

async function gameTicket(username: string, password: string, client = new UntypedClient()) {
  const res = await client.post("/users/login/", { username, password });
  expect(res.status, res.text).toBe(401);
  expect(res.body).toEqual({ errors: REQUIRED, mfa_token: expect.any(String) });
  expect(res.headers.getSetCookie().some((c) => c.startsWith("sessionid="))).toBe(false);
  return res.body.mfa_token as string;
}

async function twimbolTicket(username: string, password: string) {
  const res = await new UntypedClient().post("/user/login/", { username, password });
  expect(res.status, res.text).toBe(401);
  expect(res.body).toEqual({ detail: REQUIRED, mfa_token: expect.any(String) });
  return res.body.mfa_token as string;
}

describe("2FA on the game's POST /users/login/", () => {
  it("401 with an mfa_token; /accounts/2fa/authenticate then answers the game's login: its body and a working sessionid cookie", async () => {
    const { user, secret } = await userWithTwoFactor();
    const browser = new Client();
    const token = await gameTicket(user.username, user.password, browser);
    const res = await browser.post("/accounts/2fa/authenticate", {
      mfa_token: token,
      code: code(secret, -1),
    });
    expectStatus(res, 200);
    expect(res.body).toEqual({ id: user.id, username: user.username, message: "Login successful." });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("sessionid="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expectStatus(await browser.get(`/users/${user.id}/`), 200);
    // The same shape a login without 2FA answers.
    const plain = await makeUser();
    const normal = await new Client().post("/users/login/", {
      username: plain.username,
      password: plain.password,
    });
    expect(Object.keys(normal.body as object).sort()).toEqual(Object.keys(res.body as object).sort());
  });

  it("a wrong password is still the ordinary 401, with no ticket", async () => {
    const { user } = await userWithTwoFactor();
    const res = await new Client().post("/users/login/", {
      username: user.username,
      password: "not-the-password",
    });
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "Invalid password." });
  });
});

describe("2FA on Twimbol's POST /user/login/", () => {
  it("401 with an mfa_token; authenticate answers {access, refresh, user}, and both tokens work", async () => {
    const { user, secret } = await userWithTwoFactor();
    const token = await twimbolTicket(user.username, user.password);
    const res = await new UntypedClient().post("/accounts/2fa/authenticate", {
      mfa_token: token,
      code: code(secret, -1),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      access: expect.any(String),
      refresh: expect.any(String),
      user: { id: user.id, username: user.username, email: user.email },
    });
    expect(res.headers.getSetCookie()).toEqual([]);
    expectStatus(await new Client().withToken(res.body.access).get("/user/api/profile/"), 200);
    expectStatus(await new Client().post("/api/token/refresh", { refresh: res.body.refresh }), 200);
  });
});

describe("2FA on Cocotree's POST /auth/login", () => {
  it("401 in the login's own envelope with an mfa_token; authenticate answers {success, payload: {token, id}, status}, and the token works", async () => {
    const { user, secret } = await userWithTwoFactor();
    const login = await new UntypedClient().post("/auth/login", {
      username: user.username,
      password: user.password,
    });
    expect(login.status, login.text).toBe(401);
    expect(login.body).toEqual({
      success: false,
      message: REQUIRED,
      code: 1,
      status: 401,
      mfa_token: expect.any(String),
    });
    const res = await new UntypedClient().post("/accounts/2fa/authenticate", {
      mfa_token: login.body.mfa_token,
      code: code(secret, -1),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      success: true,
      payload: { token: expect.any(String), id: user.id },
      status: 200,
    });
    const details = await new UntypedClient().withToken(res.body.payload.token).get("/users/user_details/");
    expect(details.status, details.text).toBe(200);
    expect(details.body).toMatchObject({ code: 0, payload: { id: user.id, username: user.username } });
  });

  it("a wrong password is still the login's own 401, with no ticket", async () => {
    const { user } = await userWithTwoFactor();
    const login = await new UntypedClient().post("/auth/login", {
      username: user.username,
      password: "not-the-password",
    });
    expect(login.status).toBe(401);
    expect(login.body).toEqual({ success: false, message: "Wrong password", code: 1, status: 401 });
  });
});

describe("POST /accounts/2fa/authenticate", () => {
  it("a ticket is bound to its login route: a game ticket completes a game login (cookie), never a Twimbol one (tokens)", async () => {
    const { user, secret } = await userWithTwoFactor();
    const game = await new UntypedClient().post("/accounts/2fa/authenticate", {
      mfa_token: await gameTicket(user.username, user.password),
      code: code(secret, -1),
    });
    expect(game.status, game.text).toBe(200);
    expect(game.body).not.toHaveProperty("access");
    const twimbol = await new UntypedClient().post("/accounts/2fa/authenticate", {
      mfa_token: await twimbolTicket(user.username, user.password),
      code: code(secret, 0),
    });
    expect(twimbol.status, twimbol.text).toBe(200);
    expect(twimbol.headers.getSetCookie().some((c) => c.startsWith("sessionid="))).toBe(false);
    expect(twimbol.body).toHaveProperty("access");
  });

  it("401 for a game (cookie) ticket completed from another site; it still works from the game's own", async () => {
    const { user, secret } = await userWithTwoFactor();
    const token = await gameTicket(user.username, user.password);
    const crossSite = await new Client().post(
      "/accounts/2fa/authenticate",
      { mfa_token: token, code: code(secret, -1) },
      { headers: { Origin: "https://evil.example" } },
    );
    expectStatus(crossSite, 401);
    expect(crossSite.body).toEqual(TOKEN_INVALID);
    expect(crossSite.headers.getSetCookie()).toEqual([]);
    expectStatus(
      await new Client().post("/accounts/2fa/authenticate", { mfa_token: token, code: code(secret, -1) }),
      200,
    );
  });

  it("a Twimbol (token) ticket completes from another origin, as its web client needs", async () => {
    const { user, secret } = await userWithTwoFactor();
    const token = await twimbolTicket(user.username, user.password);
    const res = await new Client().post(
      "/accounts/2fa/authenticate",
      { mfa_token: token, code: code(secret, -1) },
      { headers: { Origin: "https://app.example" } },
    );
    expectStatus(res, 200);
  });

  it("401 for a ticket used once already, and for an unknown one", async () => {
    const { user, secret } = await userWithTwoFactor();
    const token = await twimbolTicket(user.username, user.password);
    expectStatus(
      await new Client().post("/accounts/2fa/authenticate", { mfa_token: token, code: code(secret, -1) }),
      200,
    );
    const again = await new Client().post("/accounts/2fa/authenticate", {
      mfa_token: token,
      code: code(secret, 0),
    });
    expectStatus(again, 401);
    expect(again.body).toEqual(TOKEN_INVALID);
    const unknown = await new Client().post("/accounts/2fa/authenticate", {
      mfa_token: "made-up",
      code: "123456",
    });
    expectStatus(unknown, 401);
    expect(unknown.body).toEqual(TOKEN_INVALID);
  });

  it("400 for a wrong code; the ticket survives it", async () => {
    const { user, secret } = await userWithTwoFactor();
    const token = await twimbolTicket(user.username, user.password);
    const wrong = await new Client().post("/accounts/2fa/authenticate", {
      mfa_token: token,
      code: code(secret, -1) === "000000" ? "111111" : "000000",
    });
    expectStatus(wrong, 400);
    expect(wrong.body).toEqual(INCORRECT_CODE);
    expectStatus(
      await new Client().post("/accounts/2fa/authenticate", { mfa_token: token, code: code(secret, -1) }),
      200,
    );
  });

  it("400 for a replayed code: once accepted, the same code is refused on the next login", async () => {
    const { user, secret } = await userWithTwoFactor();
    const used = code(secret, 0);
    expectStatus(
      await new Client().post("/accounts/2fa/authenticate", {
        mfa_token: await twimbolTicket(user.username, user.password),
        code: used,
      }),
      200,
    );
    const replay = await new Client().post("/accounts/2fa/authenticate", {
      mfa_token: await twimbolTicket(user.username, user.password),
      code: used,
    });
    expectStatus(replay, 400);
    expect(replay.body).toEqual(INCORRECT_CODE);
  });

  it("two parallel uses of one code: exactly one logs in", async () => {
    const { user, secret } = await userWithTwoFactor();
    const tickets = await Promise.all([
      twimbolTicket(user.username, user.password),
      twimbolTicket(user.username, user.password),
    ]);
    const now = code(secret, 0);
    const results = await Promise.all(
      tickets.map((t) => new UntypedClient().post("/accounts/2fa/authenticate", { mfa_token: t, code: now })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it("one ticket sent twice in parallel with two valid codes: exactly one session", async () => {
    const { user, secret, recoveryCodes } = await userWithTwoFactor();
    const token = await twimbolTicket(user.username, user.password);
    const results = await Promise.all(
      [code(secret, 0), recoveryCodes[0]!].map((c) =>
        new UntypedClient().post("/accounts/2fa/authenticate", { mfa_token: token, code: c }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.find((r) => r.status !== 200)!.body).toEqual(TOKEN_INVALID);
  });

  it("a recovery code logs in once, and the user is mailed", async () => {
    const { user, recoveryCodes } = await userWithTwoFactor();
    const spoken = recoveryCodes[3]!.toUpperCase().replace(/-/g, " ");
    expectStatus(
      await new Client().post("/accounts/2fa/authenticate", {
        mfa_token: await twimbolTicket(user.username, user.password),
        code: spoken,
      }),
      200,
    );
    const again = await new Client().post("/accounts/2fa/authenticate", {
      mfa_token: await twimbolTicket(user.username, user.password),
      code: recoveryCodes[3]!,
    });
    expectStatus(again, 400);
    expect(again.body).toEqual(INCORRECT_CODE);
    const mail = (await mailsTo(user.email)).find((m) => m.subject === "A recovery code was used");
    expect(mail?.text).toContain("9 of your recovery codes are left");
  });

  it("a ticket that can no longer complete (password changed, user banned) spends no recovery code (issue 19 item 16)", async () => {
    for (const kill of ["password", "ban"] as const) {
      const user = await makeUserWithToken();
      const { recoveryCodes } = await enableTwoFactor(user.id);
      const token = await twimbolTicket(user.username, user.password);
      if (kill === "password") {
        expectStatus(
          await new Client()
            .withToken(user.access)
            .put("/user/change-password/", { old_password: user.password, new_password: OTHER_PASSWORD }),
          200,
        );
      } else {
        await adminUpdate(user.id, { isBanned: true });
      }
      const res = await new Client().post("/accounts/2fa/authenticate", {
        mfa_token: token,
        code: recoveryCodes[0]!,
      });
      expectStatus(res, 401);
      expect(res.body).toEqual(TOKEN_INVALID);
      const left = await env.DB.prepare("SELECT count(*) AS n FROM recovery_codes WHERE user_id = ?")
        .bind(user.id)
        .first("n");
      expect(left, kill).toBe(10);
    }
  });

  it("wrong codes and wrong passwords share the lockout: five in all lock every login route", async () => {
    const { user, secret } = await userWithTwoFactor();
    for (let i = 0; i < 3; i++)
      expectStatus(
        await new Client().post("/user/login/", { username: user.username, password: "wrong-password" }),
        401,
      );
    const token = await twimbolTicket(user.username, user.password);
    const wrong = code(secret, -1) === "000000" ? "111111" : "000000";
    expectStatus(
      await new Client().post("/accounts/2fa/authenticate", { mfa_token: token, code: wrong }),
      400,
    );
    const fifth = await new Client().post("/accounts/2fa/authenticate", { mfa_token: token, code: wrong });
    expectStatus(fifth, 403);
    expect(fifth.body).toEqual({ detail: "Locked out due to too many login failures." });
    // Even the right code is refused now, and so is the game's login.
    expectStatus(
      await new Client().post("/accounts/2fa/authenticate", { mfa_token: token, code: code(secret, -1) }),
      403,
    );
    const game = await new Client().post("/users/login/", {
      username: user.username,
      password: user.password,
    });
    expectStatus(game, 403);
    expect(game.body).toEqual({ error: "Locked out due to too many login failures." });
  });

  it("400 for a missing field", async () => {
    const res = await new UntypedClient().post("/accounts/2fa/authenticate", { code: "123456" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ mfa_token: ["This field is required."] });
  });
});

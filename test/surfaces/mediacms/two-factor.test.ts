import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { enableTwoFactor, makeUserWithToken } from "../../helpers/factories";
import { loggedInGameUser } from "../../helpers/game";
import { PASSWORD } from "../../helpers/fixtures";
import { mailsTo } from "../../helpers/outbox";
import { totpCodeOf } from "../../helpers/totp";

const NOT_AUTHENTICATED = { detail: "Authentication credentials were not provided." };
const INCORRECT_CODE = { detail: "Incorrect code." };
const ALREADY_ON = { detail: "Two-factor authentication is already enabled." };
const NOT_ON = { detail: "Two-factor authentication is not enabled." };
/** A code of the step before now, at now, after now: each unused once enableTwoFactor has run. */
const code = (secret: string, offset: -1 | 0 | 1) => totpCodeOf(secret, new Date(), offset);

async function withTwoFactor() {
  const user = await makeUserWithToken();
  const { secret, recoveryCodes } = await enableTwoFactor(user.id);
  return { user, secret, recoveryCodes, client: new Client().withToken(user.access) };
}

describe("GET /accounts/2fa/totp/activate", () => {
  it("200 a new pending 160-bit base32 secret, its otpauth URL and an SVG QR code, never cached", async () => {
    const user = await makeUserWithToken();
    const res = await new Client().withToken(user.access).get("/accounts/2fa/totp/activate");
    expectStatus(res, 200);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(res.body.otpauth_url).toBe(
      `otpauth://totp/edge-social-api:${encodeURIComponent(user.username)}?issuer=edge-social-api&algorithm=SHA1&secret=${res.body.secret}&period=30&digits=6`,
    );
    expect(res.body.qr_svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(res.body.qr_svg).toMatch(/<\/svg>$/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("works with any credential: the game's sessionid cookie", async () => {
    const { client } = await loggedInGameUser();
    expectStatus(await client.get("/accounts/2fa/totp/activate"), 200);
  });

  it("401 without credentials", async () => {
    const res = await new Client().get("/accounts/2fa/totp/activate");
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTHENTICATED);
  });

  it("409 when 2FA is already on", async () => {
    const { client } = await withTwoFactor();
    const res = await client.get("/accounts/2fa/totp/activate");
    expectStatus(res, 409);
    expect(res.body).toEqual(ALREADY_ON);
  });
});

describe("POST /accounts/2fa/totp/activate", () => {
  it("200 turns 2FA on with a first code, answers ten distinct recovery codes once, and mails the user", async () => {
    const user = await makeUserWithToken();
    const client = new Client().withToken(user.access);
    const pending = await client.get("/accounts/2fa/totp/activate");
    expectStatus(pending, 200);
    const res = await client.post("/accounts/2fa/totp/activate", {
      password: PASSWORD,
      code: totpCodeOf(pending.body.secret),
    });
    expectStatus(res, 200);
    expect(res.body.recovery_codes).toHaveLength(10);
    expect(new Set(res.body.recovery_codes).size).toBe(10);
    for (const c of res.body.recovery_codes) expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    const status = await client.get("/accounts/2fa/");
    expectStatus(status, 200);
    expect(status.body).toEqual({ enabled: true, recovery_codes_left: 10 });
    expect((await mailsTo(user.email)).map((m) => m.subject)).toContain("Two-factor authentication is on");
  });

  it("asks for the password (issue 19 item 19): missing 400, wrong 400 and 2FA stays off; enrolling ends every other session", async () => {
    const user = await makeUserWithToken();
    const other = await new Client().post("/user/login/", {
      username: user.username,
      password: user.password,
    });
    expectStatus(other, 200);
    const client = new Client().withToken(user.access);
    const pending = await client.get("/accounts/2fa/totp/activate");
    expectStatus(pending, 200);
    const missing = await client.raw.post("/accounts/2fa/totp/activate", {
      code: totpCodeOf(pending.body.secret),
    });
    expect([missing.status, missing.body]).toEqual([400, { password: ["This field is required."] }]);
    const wrong = await client.post("/accounts/2fa/totp/activate", {
      password: "not-the-password",
      code: totpCodeOf(pending.body.secret),
    });
    expectStatus(wrong, 400);
    expect(wrong.body).toEqual({ detail: "Incorrect password." });
    expect((await client.get("/accounts/2fa/")).body).toEqual({ enabled: false, recovery_codes_left: 0 });
    expectStatus(
      await client.post("/accounts/2fa/totp/activate", {
        password: PASSWORD,
        code: totpCodeOf(pending.body.secret),
      }),
      200,
    );
    expect((await client.get("/accounts/2fa/")).status).toBe(200);
    expect((await new Client().withToken(other.body.access).get("/accounts/2fa/")).status).toBe(401);
  });

  it("two parallel confirmations: exactly one turns 2FA on and hands out codes", async () => {
    const user = await makeUserWithToken();
    const client = new Client().withToken(user.access);
    const pending = await client.get("/accounts/2fa/totp/activate");
    expectStatus(pending, 200);
    const results = await Promise.all(
      [-1, 0].map((offset) =>
        client.raw.post("/accounts/2fa/totp/activate", {
          password: PASSWORD,
          code: totpCodeOf(pending.body.secret, new Date(), offset),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const loser = results.find((r) => r.status !== 200)!;
    expect([INCORRECT_CODE, ALREADY_ON]).toContainEqual(loser.body);
    const winner = results.find((r) => r.status === 200)!;
    const login = await new Client().post("/user/login/", {
      username: user.username,
      password: user.password,
    });
    const done = await new Client().post("/accounts/2fa/authenticate", {
      mfa_token: (login.body as { mfa_token: string }).mfa_token,
      code: winner.body.recovery_codes[0],
    });
    expectStatus(done, 200);
  });

  it("only the last secret shown can be confirmed", async () => {
    const user = await makeUserWithToken();
    const client = new Client().withToken(user.access);
    const first = await client.get("/accounts/2fa/totp/activate");
    const second = await client.get("/accounts/2fa/totp/activate");
    expectStatus(first, 200);
    expectStatus(second, 200);
    expect(second.body.secret).not.toBe(first.body.secret);
    const res = await client.post("/accounts/2fa/totp/activate", {
      password: PASSWORD,
      code: totpCodeOf(first.body.secret),
    });
    expectStatus(res, 400);
    expect(res.body).toEqual(INCORRECT_CODE);
    expectStatus(
      await client.post("/accounts/2fa/totp/activate", {
        password: PASSWORD,
        code: totpCodeOf(second.body.secret),
      }),
      200,
    );
  });

  it.each([["000000"], ["12345"], ["abcdef"], [""]])("400 for a wrong code %j", async (wrong) => {
    const user = await makeUserWithToken();
    const client = new Client().withToken(user.access);
    const pending = await client.get("/accounts/2fa/totp/activate");
    expectStatus(pending, 200);
    const res = await client.post("/accounts/2fa/totp/activate", {
      password: PASSWORD,
      code: wrong === "000000" && totpCodeOf(pending.body.secret) === wrong ? "111111" : wrong,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual(INCORRECT_CODE);
  });

  it("400 for a missing or non-string code", async () => {
    const user = await makeUserWithToken();
    const client = new Client().withToken(user.access);
    expect((await client.raw.post("/accounts/2fa/totp/activate", {})).body).toEqual({
      code: ["This field is required."],
      password: ["This field is required."],
    });
    const res = await client.raw.post("/accounts/2fa/totp/activate", { password: PASSWORD, code: 123456 });
    expect(res.status).toBe(400);
  });

  it("409 with no pending secret, and when 2FA is already on", async () => {
    const user = await makeUserWithToken();
    const none = await new Client()
      .withToken(user.access)
      .post("/accounts/2fa/totp/activate", { password: PASSWORD, code: "123456" });
    expectStatus(none, 409);
    expect(none.body).toEqual({ detail: "No pending TOTP secret: GET /accounts/2fa/totp/activate first." });
    const { client, secret } = await withTwoFactor();
    const on = await client.post("/accounts/2fa/totp/activate", {
      password: PASSWORD,
      code: code(secret, 0),
    });
    expectStatus(on, 409);
    expect(on.body).toEqual(ALREADY_ON);
  });

  it("401 without credentials", async () => {
    const res = await new Client().post("/accounts/2fa/totp/activate", {
      password: PASSWORD,
      code: "123456",
    });
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTHENTICATED);
  });
});

describe("GET /accounts/2fa/", () => {
  it("200 off for a user without 2FA", async () => {
    const user = await makeUserWithToken();
    const res = await new Client().withToken(user.access).get("/accounts/2fa/");
    expectStatus(res, 200);
    expect(res.body).toEqual({ enabled: false, recovery_codes_left: 0 });
  });

  it("401 without credentials", async () => {
    const res = await new Client().get("/accounts/2fa/");
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTHENTICATED);
  });
});

describe("POST /accounts/2fa/totp/deactivate", () => {
  it("200 with the password and a code: 2FA is off, every other session ends, this one stays, the user is mailed", async () => {
    const { user, secret, client } = await withTwoFactor();
    const other = await makeOtherSession(user.username, user.password, secret);
    const res = await client.post("/accounts/2fa/totp/deactivate", {
      code: code(secret, 0),
      password: user.password,
    });
    expectStatus(res, 200);
    expect(res.body).toEqual({ enabled: false, recovery_codes_left: 0 });
    expect((await client.get("/accounts/2fa/")).body).toEqual({ enabled: false, recovery_codes_left: 0 });
    expect((await new Client().withToken(other).get("/accounts/2fa/")).status).toBe(401);
    expect((await mailsTo(user.email)).map((m) => m.subject)).toContain("Two-factor authentication is off");
    // Off means off: the next login is an ordinary one.
    expectStatus(
      await new Client().post("/user/login/", { username: user.username, password: user.password }),
      200,
    );
  });

  it("a recovery code turns it off too", async () => {
    const { user, recoveryCodes, client } = await withTwoFactor();
    expectStatus(
      await client.post("/accounts/2fa/totp/deactivate", {
        code: recoveryCodes[0]!,
        password: user.password,
      }),
      200,
    );
  });

  it("400 for a wrong password, and for a wrong code; 2FA stays on", async () => {
    const { user, secret, client } = await withTwoFactor();
    const badPassword = await client.post("/accounts/2fa/totp/deactivate", {
      code: code(secret, -1),
      password: "not-the-password",
    });
    expectStatus(badPassword, 400);
    expect(badPassword.body).toEqual({ detail: "Incorrect password." });
    const badCode = await client.post("/accounts/2fa/totp/deactivate", {
      code: "999999" === code(secret, 0) ? "888888" : "999999",
      password: user.password,
    });
    expectStatus(badCode, 400);
    expect(badCode.body).toEqual(INCORRECT_CODE);
    expect((await client.get("/accounts/2fa/")).body).toEqual({ enabled: true, recovery_codes_left: 10 });
  });

  it("409 when 2FA is off", async () => {
    const user = await makeUserWithToken();
    const res = await new Client()
      .withToken(user.access)
      .post("/accounts/2fa/totp/deactivate", { code: "123456", password: user.password });
    expectStatus(res, 409);
    expect(res.body).toEqual(NOT_ON);
  });

  it("401 without credentials", async () => {
    const res = await new Client().post("/accounts/2fa/totp/deactivate", { code: "123456", password: "x" });
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTHENTICATED);
  });
});

describe("POST /accounts/2fa/recovery-codes/regenerate", () => {
  it("200 ten new codes for a TOTP code; the old ones stop working", async () => {
    const { user, secret, recoveryCodes, client } = await withTwoFactor();
    const res = await client.post("/accounts/2fa/recovery-codes/regenerate", { code: code(secret, -1) });
    expectStatus(res, 200);
    expect(res.body.recovery_codes).toHaveLength(10);
    expect(res.body.recovery_codes).not.toContain(recoveryCodes[0]);
    const login = await new Client().post("/user/login/", {
      username: user.username,
      password: user.password,
    });
    expectStatus(login, 401);
    const mfaToken = (login.body as { mfa_token: string }).mfa_token;
    const old = await new Client().post("/accounts/2fa/authenticate", {
      mfa_token: mfaToken,
      code: recoveryCodes[0]!,
    });
    expectStatus(old, 400);
    expect(old.body).toEqual(INCORRECT_CODE);
    expectStatus(
      await new Client().post("/accounts/2fa/authenticate", {
        mfa_token: mfaToken,
        code: res.body.recovery_codes[0]!,
      }),
      200,
    );
  });

  it("400 for a wrong code, and for a recovery code (it takes the authenticator)", async () => {
    const { recoveryCodes, client } = await withTwoFactor();
    for (const wrong of ["000000", recoveryCodes[1]!]) {
      const res = await client.post("/accounts/2fa/recovery-codes/regenerate", { code: wrong });
      expectStatus(res, 400);
      expect(res.body).toEqual(INCORRECT_CODE);
    }
  });

  it("409 when 2FA is off", async () => {
    const user = await makeUserWithToken();
    const res = await new Client()
      .withToken(user.access)
      .post("/accounts/2fa/recovery-codes/regenerate", { code: "123456" });
    expectStatus(res, 409);
    expect(res.body).toEqual(NOT_ON);
  });

  it("401 without credentials", async () => {
    const res = await new Client().post("/accounts/2fa/recovery-codes/regenerate", { code: "123456" });
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTHENTICATED);
  });
});

describe("GET /accounts/2fa/totp/success", () => {
  it("200 for an authenticated user", async () => {
    const user = await makeUserWithToken();
    const res = await new Client().withToken(user.access).get("/accounts/2fa/totp/success");
    expectStatus(res, 200);
    expect(res.body).toEqual({ status: "success", message: "2FA completed successfully." });
  });

  it("401 otherwise", async () => {
    const res = await new Client().get("/accounts/2fa/totp/success");
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTHENTICATED);
  });
});

/** A second session of the user, through a full Twimbol login with 2FA (it spends the code of the step after now). */
async function makeOtherSession(username: string, password: string, secret: string) {
  const login = await new Client().post("/user/login/", { username, password });
  expectStatus(login, 401);
  const done = await new Client().post("/accounts/2fa/authenticate", {
    mfa_token: (login.body as { mfa_token: string }).mfa_token,
    code: code(secret, -1),
  });
  expectStatus(done, 200);
  return (done.body as { access: string }).access;
}

// Issue 25 item 5: every API that takes an email mails a code; POST /accounts/email/verify sets email_is_verified.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { startEmailVerification } from "../../src/domain/users/email-verification";
import { Client, UntypedClient, expectStatus } from "../helpers/client";
import { makeUserWithToken, testDeps, uniqueName } from "../helpers/factories";
import { loggedInGameUser } from "../helpers/game";
import { OTHER_PASSWORD, PASSWORD } from "../helpers/fixtures";
import { latestCode, mailsTo } from "../helpers/outbox";

const NOT_AUTHENTICATED = { detail: "Authentication credentials were not provided." };
const INVALID = { detail: "Invalid verification code." };
const ALREADY = { detail: "The email address is already verified." };
const CONFIRM = "Confirm your email address";

const verifiedFlag = async (id: number) =>
  (await env.DB.prepare("SELECT email_is_verified AS v FROM users WHERE id = ?")
    .bind(id)
    .first<number>("v")) === 1;
const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");

/** A signed-in user whose address was just mailed a code, as registration leaves one. */
async function pending() {
  const user = await makeUserWithToken();
  await startEmailVerification(testDeps(), user.id, user.email);
  return { user, client: new Client().withToken(user.access), code: await latestCode(user.email) };
}

describe("registration mails a verification code", () => {
  it("Twimbol: the welcome and the code; the code verifies and MediaCMS shows it", async () => {
    const username = uniqueName("verify");
    const email = `${username}@example.com`;
    expectStatus(
      await new Client().post("/user/api/register/", { username, email, password: OTHER_PASSWORD }),
      201,
    );
    const mails = await mailsTo(email);
    expect(mails.map((m) => m.subject)).toEqual(["Welcome!", CONFIRM]);
    expect(mails[1]!.text).toMatch(/^Your email verification code is \d{6}\. It expires in 3 days\.\n/);

    // MediaCMS's user list carries the flag (its UserSerializer), as the original's does.
    const profile = async () =>
      (
        (await new UntypedClient().get(`/api/v1/users?search=${username}`)).body as {
          results: { email_is_verified: boolean }[];
        }
      ).results[0]!;
    expect((await profile()).email_is_verified).toBe(false);
    const login = await new UntypedClient().post("/user/login/", { username, password: OTHER_PASSWORD });
    expect(login.status).toBe(200);
    const client = new Client().withToken((login.body as { access: string }).access);
    const res = await client.post("/accounts/email/verify", { code: await latestCode(email) });
    expectStatus(res, 200);
    expect(res.body).toEqual({ email, email_is_verified: true });
    expect((await profile()).email_is_verified).toBe(true);
  });

  it("Cocotree: /auth/register with an email mails a code its token can spend", async () => {
    const username = uniqueName("cverify");
    const email = `${username}@example.com`;
    const form = new FormData();
    form.set("username", username);
    form.set("password", OTHER_PASSWORD);
    form.set("email", email);
    const res = await new UntypedClient().post("/auth/register", undefined, { body: form });
    expect(res.status, res.text).toBe(200);
    const { token, id } = (res.body as { payload: { token: string; id: number } }).payload;
    expect((await mailsTo(email)).map((m) => m.subject)).toEqual([CONFIRM]);
    expect(
      (
        await new UntypedClient().post(
          "/accounts/email/verify",
          { code: await latestCode(email) },
          { headers: { Authorization: token } },
        )
      ).status,
    ).toBe(200);
    expect(await verifiedFlag(id)).toBe(true);
  });

  it("no address, no mail: Cocotree's registration without an email", async () => {
    const form = new FormData();
    form.set("username", uniqueName("cnomail"));
    form.set("password", OTHER_PASSWORD);
    const res = await new UntypedClient().post("/auth/register", undefined, { body: form });
    expect(res.status, res.text).toBe(200);
    const token = (res.body as { payload: { token: string } }).payload.token;
    const verify = await new UntypedClient().post(
      "/accounts/email/verify",
      { code: "123456" },
      { headers: { Authorization: token } },
    );
    expect(verify.status).toBe(409);
    expect(verify.body).toEqual({ detail: "The account has no email address." });
  });
});

describe("POST /accounts/email/verify", () => {
  it("401 without credentials", async () => {
    const res = await new Client().post("/accounts/email/verify", { code: "123456" });
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTHENTICATED);
  });

  it("400 for a wrong code, which leaves the address unverified", async () => {
    const { user, client, code } = await pending();
    const res = await client.post("/accounts/email/verify", { code: wrongFor(code) });
    expectStatus(res, 400);
    expect(res.body).toEqual(INVALID);
    expect(await verifiedFlag(user.id)).toBe(false);
  });

  it("a code works once: used again it is 409 (already verified)", async () => {
    const { client, code } = await pending();
    expectStatus(await client.post("/accounts/email/verify", { code }), 200);
    const again = await client.post("/accounts/email/verify", { code });
    expectStatus(again, 409);
    expect(again.body).toEqual(ALREADY);
  });

  it("parallel attempts with the right code: one wins; each other finds the code spent or the address verified", async () => {
    const { user, code } = await pending();
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        new UntypedClient().withToken(user.access).post("/accounts/email/verify", { code }),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of replies.filter((r) => r.status !== 200)) {
      expect([400, 409]).toContain(r.status);
      expect(r.body).toEqual(r.status === 400 ? INVALID : ALREADY);
    }
    expect(await verifiedFlag(user.id)).toBe(true);
  });

  it("five wrong guesses kill the code, even the right one after them", async () => {
    const { user, client, code } = await pending();
    for (let i = 0; i < 5; i++)
      expectStatus(await client.post("/accounts/email/verify", { code: wrongFor(code) }), 400);
    const res = await client.post("/accounts/email/verify", { code });
    expectStatus(res, 400);
    expect(res.body).toEqual(INVALID);
    expect(await verifiedFlag(user.id)).toBe(false);
  });

  it.each([
    ["a number", { code: 123456 }, "Not a valid string."],
    ["no code", {}, "This field is required."],
    ["a code too long", { code: "1".repeat(65) }, "Ensure this field has no more than 64 characters."],
    ["a null character", { code: "12345\u0000" }, "Null characters are not allowed."],
  ])("400 in DRF's envelope for %s", async (_, body, message) => {
    const { user } = await pending();
    const res = await new UntypedClient().withToken(user.access).post("/accounts/email/verify", body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: [message] });
    expect(await verifiedFlag(user.id)).toBe(false);
  });

  it("400 for a body that is not JSON", async () => {
    const { user } = await pending();
    const res = await new UntypedClient().withToken(user.access).post("/accounts/email/verify", undefined, {
      body: "{code:",
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: "Malformed request body." });
  });
});

describe("POST /accounts/email/verify/resend", () => {
  it("200 mails a new code; the one before stops working", async () => {
    const { user, client, code } = await pending();
    const res = await client.post("/accounts/email/verify/resend");
    expectStatus(res, 200);
    expect(res.body).toEqual({ detail: "Verification code sent." });
    const fresh = await latestCode(user.email);
    if (fresh !== code) expectStatus(await client.post("/accounts/email/verify", { code }), 400);
    expectStatus(await client.post("/accounts/email/verify", { code: fresh }), 200);
  });

  it("429 past five codes an hour, with Retry-After", async () => {
    const { client } = await pending();
    for (let i = 0; i < 4; i++) expectStatus(await client.post("/accounts/email/verify/resend"), 200);
    const res = await client.post("/accounts/email/verify/resend");
    expectStatus(res, 429);
    expect(res.headers.get("Retry-After")).toBe("3600");
    expect(res.body).toEqual({ detail: "Request was throttled. Expected available in 3600 seconds." });
  });

  it("409 once verified", async () => {
    const { client, code } = await pending();
    expectStatus(await client.post("/accounts/email/verify", { code }), 200);
    const res = await client.post("/accounts/email/verify/resend");
    expectStatus(res, 409);
    expect(res.body).toEqual(ALREADY);
  });

  it("401 without credentials", async () => {
    const res = await new Client().post("/accounts/email/verify/resend");
    expectStatus(res, 401);
    expect(res.body).toEqual(NOT_AUTHENTICATED);
  });
});

describe("an email change needs verifying again", () => {
  it("the game's PATCH /users/<id>/: the flag goes back to false, the new address gets a code, the old address's code is dead", async () => {
    const { user, client } = await loggedInGameUser();
    await startEmailVerification(testDeps(), user.id, user.email);
    const oldCode = await latestCode(user.email);
    expectStatus(await client.post("/accounts/email/verify", { code: oldCode }), 200);
    // A code still live for the old address when the address changes.
    await startEmailVerification(testDeps(), user.id, user.email);
    const newEmail = `${uniqueName("moved")}@example.com`;
    expectStatus(await client.patch(`/users/${user.id}/`, { email: newEmail }), 200);
    expect(await verifiedFlag(user.id)).toBe(false);
    expect((await mailsTo(newEmail)).map((m) => m.subject)).toEqual([CONFIRM]);
    // The old address is told where its account's mail goes now.
    const notice = (await mailsTo(user.email)).find((m) => m.subject === "Your email address was changed");
    expect(notice?.text).toContain(`was just changed to ${newEmail}`);

    const stale = await latestCode(user.email);
    const res = await client.post("/accounts/email/verify", { code: stale });
    if (stale !== (await latestCode(newEmail))) {
      expectStatus(res, 400);
      expect(res.body).toEqual(INVALID);
    }
    expectStatus(await client.post("/accounts/email/verify", { code: await latestCode(newEmail) }), 200);
    expect(await verifiedFlag(user.id)).toBe(true);
  });

  it("the same address in other letters is the same mailbox: still verified, no mail", async () => {
    const { user, client } = await loggedInGameUser();
    await startEmailVerification(testDeps(), user.id, user.email);
    expectStatus(await client.post("/accounts/email/verify", { code: await latestCode(user.email) }), 200);
    expectStatus(await client.patch(`/users/${user.id}/`, { email: user.email.toUpperCase() }), 200);
    expect(await verifiedFlag(user.id)).toBe(true);
    expect(await mailsTo(user.email.toUpperCase())).toEqual([]);
  });

  it("Cocotree's sensitive update: unverified again and a code to the new address", async () => {
    const { user, client, code } = await pending();
    expectStatus(await client.post("/accounts/email/verify", { code }), 200);
    const newEmail = `${uniqueName("cmoved")}@example.com`;
    const res = await new UntypedClient()
      .withToken(user.access)
      .patch("/users/user_details/sensitive/", { validation_password: PASSWORD, email: newEmail });
    expect(res.status, res.text).toBe(200);
    expect(await verifiedFlag(user.id)).toBe(false);
    expect((await mailsTo(newEmail)).map((m) => m.subject)).toEqual([CONFIRM]);
  });
});

describe("RESET_TO_UNVERIFIED_EMAIL", () => {
  it("on (the default): an unverified address gets its reset code", async () => {
    const { user } = await pending();
    const res = await new UntypedClient().post("/user/forgot-password/", { email: user.email });
    expect(res.status).toBe(200);
  });

  it('"false": an unverified address is refused in Twimbol\'s envelope and mailed nothing; once verified it gets its code', async () => {
    const { user, client, code } = await pending();
    const strict = () => new UntypedClient({}, { RESET_TO_UNVERIFIED_EMAIL: "false" });
    const refused = await strict().post("/user/forgot-password/", { email: user.email });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ email: ["This email address has not been verified."] });
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual([CONFIRM]);

    expectStatus(await client.post("/accounts/email/verify", { code }), 200);
    const sent = await strict().post("/user/forgot-password/", { email: user.email });
    expect(sent.status).toBe(200);
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual([CONFIRM, "Your password reset code"]);
  });

  it("a value other than true or false refuses to serve, naming it", async () => {
    const res = await new UntypedClient({}, { RESET_TO_UNVERIFIED_EMAIL: "maybe" }).get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      problem: expect.stringContaining('RESET_TO_UNVERIFIED_EMAIL="maybe": must be "true" or "false"'),
    });
  });
});

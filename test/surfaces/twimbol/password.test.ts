import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../../helpers/client";
import { makeUser, makeUserWithToken, tokenFor } from "../../helpers/factories";
import { eventually } from "../../helpers/eventually";
import { latestCode, mailsTo } from "../../helpers/outbox";

const NEW = "Fresh-start-2026";
const INVALID = { detail: "Invalid or expired reset code." };

describe("PUT /user/change-password/", () => {
  it("200 changes the password and mails a confirmation", async () => {
    const u = await makeUserWithToken();
    const res = await new Client()
      .withToken(u.access)
      .put("/user/change-password/", { old_password: u.password, new_password: NEW });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ detail: "Password updated successfully" });
    expect((await new Client().post("/user/login/", { username: u.username, password: NEW })).status).toBe(
      200,
    );
    const mails = await eventually(
      () => mailsTo(u.email),
      (m) => m.length > 0,
    );
    expect(mails.map((m) => m.subject)).toEqual(["Your password was changed"]);
  });

  it("keeps the session that made the change (access and refresh token) and ends every other one (issue 10, finding 4)", async () => {
    const u = await makeUserWithToken();
    const other = await tokenFor(u.username, u.password);
    const cookie = new Client();
    expect((await cookie.post("/users/login/", { username: u.username, password: u.password })).status).toBe(
      200,
    );
    const res = await new Client()
      .withToken(u.access)
      .put("/user/change-password/", { old_password: u.password, new_password: NEW });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ detail: "Password updated successfully" });

    const mine = await new Client().withToken(u.access).get("/user/api/profile/");
    expect(mine.status).toBe(200);
    expect(mine.body[0].user.id).toBe(u.id);
    const refreshed = await new Client().post("/api/token/refresh/", { refresh: u.refresh });
    expect(refreshed.status).toBe(200);
    expect((await new Client().withToken(refreshed.body.access).get("/user/api/profile/")).status).toBe(200);

    const theirs = await new Client().withToken(other.access).get("/user/api/profile/");
    expect(theirs.status).toBe(401);
    expect(theirs.body).toEqual({ detail: "Authentication credentials were not provided." });
    const theirRefresh = await new Client().post("/api/token/refresh/", { refresh: other.refresh });
    expect(theirRefresh.status).toBe(401);
    expect(theirRefresh.body).toEqual({ detail: "Token is invalid or expired", code: "token_not_valid" });
    expect((await cookie.get("/user/api/profile/")).status).toBe(401);
    const mails = await eventually(
      () => mailsTo(u.email),
      (m) => m.length > 0,
    );
    expect(mails.map((m) => m.subject)).toEqual(["Your password was changed"]);
  });

  it("a change made through a session cookie keeps that cookie", async () => {
    const u = await makeUserWithToken();
    const cookie = new Client();
    expect((await cookie.post("/users/login/", { username: u.username, password: u.password })).status).toBe(
      200,
    );
    const res = await cookie.put("/user/change-password/", { old_password: u.password, new_password: NEW });
    expect(res.status).toBe(200);
    expect((await cookie.get("/user/api/profile/")).status).toBe(200);
    expect((await new Client().withToken(u.access).get("/user/api/profile/")).status).toBe(401);
  });

  it("sessions changing at once: one wins and keeps its session, every other session ends", async () => {
    const u = await makeUserWithToken();
    const others = await Promise.all([1, 2, 3].map(() => tokenFor(u.username, u.password)));
    const access = [u.access, ...others.map((t) => t.access)];
    // The production-like hash cost makes the changes overlap while they hash the new password.
    const replies = await Promise.all(
      access.map((token, i) =>
        new Client({}, { PASSWORD_HASH_LOG_N: "13" })
          .withToken(token)
          .put("/user/change-password/", { old_password: u.password, new_password: `${NEW}-${i}` }),
      ),
    );
    const won = replies.findIndex((r) => r.status === 200);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    // A loser that got past authentication is told its old password no longer matches; one that came later is no longer logged in.
    for (const r of replies.filter((r) => r.status !== 200)) {
      expect([400, 401]).toContain(r.status);
      if (r.status === 400) expect(r.body).toEqual({ old_password: ["Wrong password."] });
    }
    const after = await Promise.all(
      access.map((token) => new Client().withToken(token).get("/user/api/profile/")),
    );
    expect(after.map((r) => r.status)).toEqual(access.map((_, i) => (i === won ? 200 : 401)));
    expect(
      (await new Client().post("/user/login/", { username: u.username, password: `${NEW}-${won}` })).status,
    ).toBe(200);
  }, 30_000);

  it("400 for a wrong old password", async () => {
    const u = await makeUserWithToken();
    const res = await new Client()
      .withToken(u.access)
      .put("/user/change-password/", { old_password: "not-it-at-all", new_password: NEW });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ old_password: ["Wrong password."] });
  });

  it("400 for a weak new password", async () => {
    const u = await makeUserWithToken();
    const res = await new Client()
      .withToken(u.access)
      .put("/user/change-password/", { old_password: u.password, new_password: "password1" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ new_password: ["This password is too common."] });
  });

  it("401 without credentials", async () => {
    const res = await new Client().put("/user/change-password/", { old_password: "a", new_password: NEW });
    expect(res.status).toBe(401);
  });
});

describe("POST /user/forgot-password/ and /user/reset-password-confirm/", () => {
  it("mails a 6-digit code that resets the password once and ends every session", async () => {
    const u = await makeUserWithToken();
    const sent = await new Client().post("/user/forgot-password/", { email: u.email.toUpperCase() });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ detail: "Password reset code sent to email." });
    const code = await latestCode(u.email);
    expect(code).toMatch(/^\d{6}$/);
    const reset = await new Client().post("/user/reset-password-confirm/", {
      email: u.email,
      code,
      new_password: NEW,
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ detail: "Password reset successful." });
    expect((await new Client().withToken(u.access).get("/user/api/profile/")).status).toBe(401);
    expect((await new Client().post("/user/login/", { username: u.username, password: NEW })).status).toBe(
      200,
    );
    const again = await new Client().post("/user/reset-password-confirm/", {
      email: u.email,
      code,
      new_password: "Other-pass-2027",
    });
    expect(again.status).toBe(400);
    expect(again.body).toEqual(INVALID);
  });

  it("400 Reset code expired. for a right code past its 10 minutes", async () => {
    const u = await makeUser();
    await new Client().post("/user/forgot-password/", { email: u.email });
    const code = await latestCode(u.email);
    // Time passing, without waiting for it: no verb backdates a row, so this one write is SQL.
    await env.DB.prepare("UPDATE one_time_codes SET expires_at = ? WHERE user_id = ?")
      .bind(Date.now() - 1, u.id)
      .run();
    const res = await new Client().post("/user/reset-password-confirm/", {
      email: u.email,
      code,
      new_password: NEW,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: "Reset code expired." });
  });

  it("400 for an unknown email", async () => {
    const res = await new Client().post("/user/forgot-password/", { email: "nobody@nowhere.example" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ email: ["No account with this email."] });
  });

  it("a new code replaces the old one", async () => {
    const u = await makeUser();
    await new Client().post("/user/forgot-password/", { email: u.email });
    const first = await latestCode(u.email);
    await new Client().post("/user/forgot-password/", { email: u.email });
    const second = await latestCode(u.email);
    if (first !== second) {
      expect(
        (
          await new Client().post("/user/reset-password-confirm/", {
            email: u.email,
            code: first,
            new_password: NEW,
          })
        ).body,
      ).toEqual(INVALID);
    }
    expect(
      (
        await new Client().post("/user/reset-password-confirm/", {
          email: u.email,
          code: second,
          new_password: NEW,
        })
      ).status,
    ).toBe(200);
  });

  it("a code dies after five wrong guesses", async () => {
    const u = await makeUser();
    await new Client().post("/user/forgot-password/", { email: u.email });
    const code = await latestCode(u.email);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await new Client().post("/user/reset-password-confirm/", {
            email: u.email,
            code: wrong,
            new_password: NEW,
          })
        ).body,
      ).toEqual(INVALID);
    }
    const right = await new Client().post("/user/reset-password-confirm/", {
      email: u.email,
      code,
      new_password: NEW,
    });
    expect(right.status).toBe(400);
    expect(right.body).toEqual(INVALID);
  });

  it("400 for a weak new password, without spending the code", async () => {
    const u = await makeUser();
    await new Client().post("/user/forgot-password/", { email: u.email });
    const code = await latestCode(u.email);
    const weak = await new Client().post("/user/reset-password-confirm/", {
      email: u.email,
      code,
      new_password: "12345678",
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toEqual({
      new_password: ["This password is too common.", "This password is entirely numeric."],
    });
    expect(
      (await new Client().post("/user/reset-password-confirm/", { email: u.email, code, new_password: NEW }))
        .status,
    ).toBe(200);
  });

  it("400 for hostile codes and unknown emails, never 500", async () => {
    const u = await makeUser();
    for (const code of ["", "12345", "1234567", "abcdef", "' OR 1=1 --"]) {
      const res = await new Client().post("/user/reset-password-confirm/", {
        email: u.email,
        code,
        new_password: NEW,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(INVALID);
    }
    const unknown = await new Client().post("/user/reset-password-confirm/", {
      email: "ghost@example.com",
      code: "123456",
      new_password: NEW,
    });
    expect(unknown.body).toEqual(INVALID);
  });
});

describe("guessing the current password through a change form", () => {
  it("counts on the shared lockout: five wrong old passwords lock the account everywhere", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    for (let i = 0; i < 4; i++) {
      const res = await client.put("/user/change-password/", {
        old_password: `guess-${i}-wrong`,
        new_password: NEW,
      });
      expect(res.status).toBe(400);
    }
    const fifth = await client.put("/user/change-password/", {
      old_password: "guess-4-wrong",
      new_password: NEW,
    });
    expect(fifth.status).toBe(403);
    expect(fifth.body).toEqual({ detail: "Locked out due to too many login failures." });
    const right = await client.put("/user/change-password/", { old_password: u.password, new_password: NEW });
    expect(right.status).toBe(403);
    expect(
      (await new Client().post("/users/login/", { username: u.username, password: u.password })).body,
    ).toEqual({ error: "Locked out due to too many login failures." });
  });

  it("a password reset lifts the lock, KV cache included", async () => {
    const u = await makeUser();
    for (let i = 0; i < 5; i++)
      await new Client().post("/user/login/", { username: u.username, password: "not-it-at-all" });
    expect(
      (await new Client().post("/user/login/", { username: u.username, password: u.password })).status,
    ).toBe(403);
    await new Client().post("/user/forgot-password/", { email: u.email });
    const code = await latestCode(u.email);
    expect(
      (await new Client().post("/user/reset-password-confirm/", { email: u.email, code, new_password: NEW }))
        .status,
    ).toBe(200);
    const login = await eventually(
      () => new Client().post("/user/login/", { username: u.username, password: NEW }),
      (r) => r.status === 200,
    );
    expect(login.status).toBe(200);
  });

  it("429 after five reset codes in an hour", async () => {
    const u = await makeUser();
    for (let i = 0; i < 5; i++)
      expect((await new Client().post("/user/forgot-password/", { email: u.email })).status).toBe(200);
    const sixth = await new Client().post("/user/forgot-password/", { email: u.email });
    expect(sixth.status).toBe(429);
    expect(sixth.body).toEqual({ detail: "Request was throttled. Expected available in 3600 seconds." });
    expect(sixth.headers.get("Retry-After")).toBe("3600");
  });
});

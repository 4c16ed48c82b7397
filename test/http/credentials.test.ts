import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makeUserWithKey, makeUserWithToken, tokenFor } from "../helpers/factories";
import { loggedInGameUser } from "../helpers/game";
import { claimsOf, forged, signed } from "../helpers/tokens";

const NOT_AUTH = { errors: "User is not authenticated." };

describe("MediaCMS API keys (Authorization: Token <key>)", () => {
  it("a key works on every API until its session logs out; garbage keys are refused", async () => {
    const u = await makeUserWithKey();
    for (const form of ["Token %s", "Bearer %s", "%s"]) {
      const res = await new Client().get(`/users/${u.id}/`, {
        headers: { Authorization: form.replace("%s", u.key) },
      });
      expect(res.status).toBe(200);
    }
    expect(
      (await new Client().get("/accounts/2fa/", { headers: { Authorization: `Token ${u.key}` } })).body,
    ).toEqual({ enabled: false, recovery_codes_left: 0 });
    expect(
      (await new Client().get(`/users/${u.id}/`, { headers: { Authorization: `Token ${u.key}x` } })).status,
    ).toBe(401);
    expect(
      (await new Client().post("/users/logout/", undefined, { headers: { Authorization: `Token ${u.key}` } }))
        .status,
    ).toBe(200);
    const after = await new Client().get(`/users/${u.id}/`, { headers: { Authorization: `Token ${u.key}` } });
    expect(after.status).toBe(401);
    expect(after.body).toEqual(NOT_AUTH);
  });

  it("a password change through another session ends the key at once", async () => {
    const u = await makeUserWithKey();
    const other = await tokenFor(u.username, u.password);
    const changed = await new Client()
      .withToken(other.access)
      .put("/user/change-password/", { old_password: u.password, new_password: "Another-pass-99" });
    expect(changed.status).toBe(200);
    expect(
      (await new Client().get(`/users/${u.id}/`, { headers: { Authorization: `Token ${u.key}` } })).status,
    ).toBe(401);
  });
});

describe("credential forms", () => {
  it.each(["Bearer %s", "JWT %s", "Token %s", "%s", "bearer   %s"])(
    "accepts Authorization: %s",
    async (form) => {
      const u = await makeUserWithToken();
      const res = await new Client().get(`/users/${u.id}/`, {
        headers: { Authorization: form.replace("%s", u.access) },
      });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(u.id);
    },
  );

  it("the access token carries iss, aud, typ, sid and a short expiry", async () => {
    const u = await makeUserWithToken();
    const claims = claimsOf(u.access);
    expect(claims).toMatchObject({
      sub: String(u.id),
      sid: u.handle,
      typ: "access",
      iss: "edge-social-api",
      aud: "edge-social-api",
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
  });

  it("names its session by a random handle, never the session's row id", async () => {
    const a = await makeUserWithToken();
    const b = await makeUserWithToken();
    for (const u of [a, b]) {
      expect(claimsOf(u.access).sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(claimsOf(u.access).sid).not.toBe(u.sessionId);
    }
    // A correctly signed token that names a session by its (guessable) row id is refused.
    const token = await signed({ ...claimsOf(a.access), sid: a.sessionId });
    expect(
      (await new Client().get(`/users/${a.id}/`, { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  });

  it.each([
    ["exp", "without an expiry"],
    ["iat", "without an issue time"],
  ])("refuses a correctly signed token %s (%s)", async (claim) => {
    const u = await makeUserWithToken();
    const claims = claimsOf(u.access);
    delete claims[claim];
    const res = await new Client().get(`/users/${u.id}/`, {
      headers: { Authorization: `Bearer ${await signed(claims)}` },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
  });

  it.each([
    ["alg none", forged.algNone],
    ["a wrong secret", forged.wrongSecret],
    ["an expired token", forged.expired],
  ])("refuses %s", async (_name, make) => {
    const u = await makeUserWithToken();
    const token = await make(claimsOf(u.access));
    const res = await new Client().get(`/users/${u.id}/`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
  });

  it("refuses the refresh token used as an access token, and garbage", async () => {
    const u = await makeUserWithToken();
    for (const token of [u.refresh, "a.b.c", "", "Bearer", "x".repeat(5000)]) {
      const res = await new Client().get(`/users/${u.id}/`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    }
  });

  it("a JWT dies when its session is logged out", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    expect((await client.post("/users/logout/")).status).toBe(200);
    expect((await client.get(`/users/${u.id}/`)).status).toBe(401);
  });

  it("a password change ends the user's other JWTs and cookies, and keeps the session that made it", async () => {
    const { user, client } = await loggedInGameUser();
    const tokenClient = new Client().withToken((await tokenFor(user.username, user.password)).access);
    const otherCookie = new Client();
    expect(
      (await otherCookie.post("/users/login/", { username: user.username, password: user.password })).status,
    ).toBe(200);
    const NEW = "Brand-new-pass-42";
    const res = await client.post(`/users/${user.id}/password/`, {
      old_password: user.password,
      new_password1: NEW,
      new_password2: NEW,
    });
    expect(res.status).toBe(200);
    expect((await tokenClient.get(`/users/${user.id}/`)).status).toBe(401);
    expect((await otherCookie.get(`/users/${user.id}/`)).body).toEqual(NOT_AUTH);
    const mine = await client.raw.get(`/users/${user.id}/`);
    expect(mine.status).toBe(200);
    expect(mine.body.id).toBe(user.id);
  });

  it("roles and state are read per request: a deactivated user's token stops working", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    expect((await client.patch(`/users/${u.id}/`, { deactivate: true })).status).toBe(200);
    expect((await client.get(`/users/${u.id}/`)).status).toBe(401);
  });
});

describe("CSRF on cookie-authenticated writes", () => {
  it("403 for a cross-site Origin, and nothing changes", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.patch(
      `/users/${user.id}/`,
      { first_name: "Mallory" },
      { headers: { Origin: "https://evil.example" } },
    );
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: "CSRF verification failed. Request aborted." });
    expect((await client.raw.get(`/users/${user.id}/`)).body.first_name).toBe("");
  });

  it("403 for Sec-Fetch-Site: cross-site without an Origin", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.post("/users/logout/", undefined, {
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(res.status).toBe(403);
    expect((await client.get(`/users/${user.id}/`)).status).toBe(200);
  });

  it("passes same-origin writes and native clients without those headers", async () => {
    const { user, client } = await loggedInGameUser();
    expect(
      (
        await client.patch(
          `/users/${user.id}/`,
          { first_name: "Same" },
          { headers: { Origin: "http://api.test" } },
        )
      ).status,
    ).toBe(200);
    expect((await client.patch(`/users/${user.id}/`, { first_name: "Native" })).status).toBe(200);
  });

  it("does not apply to bearer-token requests, which a browser never sends on its own", async () => {
    const u = await makeUserWithToken();
    const res = await new Client()
      .withToken(u.access)
      .patch(`/users/${u.id}/`, { first_name: "Api" }, { headers: { Origin: "https://other.example" } });
    expect(res.status).toBe(200);
  });

  it("reads are not refused", async () => {
    const { user, client } = await loggedInGameUser();
    expect(
      (await client.get(`/users/${user.id}/`, { headers: { Origin: "https://evil.example" } })).status,
    ).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../../helpers/client";
import { enableTwoFactor, makeUser, makeUserWithToken } from "../../helpers/factories";
import { mailsTo } from "../../helpers/outbox";

const admin = () => makeUserWithToken({ groups: ["visitor", "admin"] });

describe("DELETE /api/admin/users/{id}/2fa/", () => {
  it("204 takes 2FA off: the next login is an ordinary one, and the user is mailed", async () => {
    const a = await admin();
    const target = await makeUser();
    await enableTwoFactor(target.id);
    expect(
      (await new Client().post("/user/login/", { username: target.username, password: target.password }))
        .status,
    ).toBe(401);
    const res = await new Client().withToken(a.access).delete(`/api/admin/users/${target.id}/2fa/`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(
      (await new Client().post("/user/login/", { username: target.username, password: target.password }))
        .status,
    ).toBe(200);
    expect((await mailsTo(target.email)).map((m) => m.subject)).toContain("Two-factor authentication is off");
  });

  it("ends every session of the user at once (issue 19 item 19)", async () => {
    const a = await admin();
    const target = await makeUserWithToken();
    await enableTwoFactor(target.id);
    expect((await new Client().withToken(target.access).get("/accounts/2fa/")).status).toBe(200);
    expect((await new Client().withToken(a.access).delete(`/api/admin/users/${target.id}/2fa/`)).status).toBe(
      204,
    );
    const after = await new Client().withToken(target.access).get("/accounts/2fa/");
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("a ticket issued before the reset can no longer complete", async () => {
    const a = await admin();
    const target = await makeUser();
    await enableTwoFactor(target.id);
    const login = await new Client().post("/user/login/", {
      username: target.username,
      password: target.password,
    });
    await new Client().withToken(a.access).delete(`/api/admin/users/${target.id}/2fa/`);
    const res = await new Client().post("/accounts/2fa/authenticate", {
      mfa_token: login.body.mfa_token,
      code: "123456",
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "Invalid or expired mfa_token." });
  });

  it("204 for a user without 2FA, with no mail", async () => {
    const a = await admin();
    const target = await makeUser();
    expect((await new Client().withToken(a.access).delete(`/api/admin/users/${target.id}/2fa/`)).status).toBe(
      204,
    );
    expect((await mailsTo(target.email)).map((m) => m.subject)).not.toContain(
      "Two-factor authentication is off",
    );
  });

  it("403 for a non-admin, 401 without credentials, 404 for an unknown user", async () => {
    const target = await makeUser();
    const user = await makeUserWithToken();
    const forbidden = await new Client().withToken(user.access).delete(`/api/admin/users/${target.id}/2fa/`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ detail: "You do not have permission to perform this action." });
    const anonymous = await new Client().delete(`/api/admin/users/${target.id}/2fa/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ detail: "Authentication credentials were not provided." });
    const unknown = await new Client()
      .withToken((await admin()).access)
      .delete("/api/admin/users/999999999/2fa/");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: "Not found." });
  });
});

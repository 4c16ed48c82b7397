import { describe, expect, it } from "vitest";
import { UntypedClient } from "../../helpers/client";
import { enableTwoFactor, makeUser } from "../../helpers/factories";
import { PanelClient } from "../../helpers/panel";
import { totpCodeOf } from "../../helpers/totp";

const mfaTokenIn = (html: string) => /name="mfa_token" value="([^"]+)"/.exec(html)?.[1];

async function adminWithTwoFactor(groups = ["visitor", "admin"]) {
  const admin = await makeUser({ groups });
  return { admin, ...(await enableTwoFactor(admin.id)) };
}

/** Password step: the panel answers the code form (401), carrying the ticket and a fresh CSRF token. */
async function passwordStep(client: PanelClient, account: { username: string; password: string }) {
  const res = await client.signIn(account.username, account.password);
  expect(res.status).toBe(401);
  expect(res.text).toContain('<label for="code">Code</label>');
  expect(res.headers.getSetCookie().some((c) => c.startsWith("admin_session="))).toBe(false);
  const token = mfaTokenIn(res.text);
  expect(token).toBeTruthy();
  return token!;
}

describe("panel sign-in with two-factor on", () => {
  it("asks for the code after the password; a wrong code keeps the form, the right one signs in", async () => {
    const { admin, secret } = await adminWithTwoFactor();
    const client = new PanelClient();
    const token = await passwordStep(client, admin);

    const wrong = await client.submit("/admin/login/2fa/", {
      mfa_token: token,
      code: "000000" === totpCodeOf(secret) ? "111111" : "000000",
      next: "/admin/audit/",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("That code is not right.");
    expect(mfaTokenIn(wrong.text)).toBe(token);

    const ok = await client.submit("/admin/login/2fa/", {
      mfa_token: token,
      code: totpCodeOf(secret, new Date(), 1),
      next: "/admin/audit/",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe("/admin/audit/");
    expect(ok.headers.getSetCookie().find((c) => c.startsWith("admin_session="))).toMatch(
      /Path=\/admin;.*HttpOnly; SameSite=Strict/,
    );
    expect((await client.page("/admin/")).status).toBe(200);

    // The ticket is spent: a second completion, even with an unused code, starts over at the password form.
    const other = new PanelClient();
    await other.page("/admin/login/");
    const again = await other.submit("/admin/login/2fa/", {
      mfa_token: token,
      code: totpCodeOf(secret, new Date(), 0),
    });
    expect(again.status).toBe(401);
    expect(again.text).toContain("That sign-in has expired or was already used.");
    expect(again.headers.getSetCookie().some((c) => c.startsWith("admin_session="))).toBe(false);

    // Without the form's CSRF token nothing is even read.
    const forged = await new PanelClient().submit(
      "/admin/login/2fa/",
      { mfa_token: token, code: totpCodeOf(secret) },
      { csrf: null },
    );
    expect(forged.status).toBe(403);
  });

  it("a spent or foreign ticket sends the admin back to the password form; the panel's ticket opens no API login", async () => {
    const { admin, secret } = await adminWithTwoFactor();
    const client = new PanelClient();
    const token = await passwordStep(client, admin);

    // /accounts/2fa/authenticate completes only the API login routes, never the panel's.
    const api = await new UntypedClient().post("/accounts/2fa/authenticate", {
      mfa_token: token,
      code: totpCodeOf(secret),
    });
    expect(api.status).toBe(401);
    expect(api.body).toEqual({ detail: "Invalid or expired mfa_token." });

    // A Twimbol login's ticket does not complete a panel sign-in.
    const twimbol = await new UntypedClient().post("/user/login/", {
      username: admin.username,
      password: admin.password,
    });
    expect(twimbol.status).toBe(401);
    const foreign = await client.submit("/admin/login/2fa/", {
      mfa_token: (twimbol.body as { mfa_token: string }).mfa_token,
      code: totpCodeOf(secret, new Date(), 1),
    });
    expect(foreign.status).toBe(401);
    expect(foreign.text).toContain("That sign-in has expired or was already used.");
    expect(foreign.headers.getSetCookie().some((c) => c.startsWith("admin_session="))).toBe(false);
  });

  it("a non-admin with two-factor on is refused after the code, and keeps no session", async () => {
    const { admin: visitor, secret } = await adminWithTwoFactor(["visitor"]);
    const client = new PanelClient();
    const token = await passwordStep(client, visitor);
    const res = await client.submit("/admin/login/2fa/", {
      mfa_token: token,
      code: totpCodeOf(secret, new Date(), 1),
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain("Not an administrator");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("admin_session="))).toBe(false);
  });
});

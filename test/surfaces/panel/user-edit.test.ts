// Issue 25 item 3: an admin edits a user's fields and sets their password (which ends every session), on the audit log; refusals stay on the form.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient } from "../../helpers/client";
import { adminUpdate, makeUser, makeUserWithToken, outboxOf } from "../../helpers/factories";
import { eventually } from "../../helpers/eventually";
import { PanelClient, signedIn } from "../../helpers/panel";

const makeAdmin = () => makeUser({ groups: ["visitor", "admin"] });
const row = (id: number) =>
  env.DB.prepare(
    "SELECT username, email, email_is_verified, first_name, bio, location, password_hash, credentials_version FROM users WHERE id = ?",
  )
    .bind(id)
    .first<{
      username: string;
      email: string | null;
      email_is_verified: number;
      first_name: string;
      bio: string;
      location: string;
      password_hash: string;
      credentials_version: number;
    }>();
const auditsOf = async (action: string, objectId: number) =>
  (
    await env.DB.prepare("SELECT detail FROM admin_audit WHERE action = ? AND object_id = ? ORDER BY id")
      .bind(action, objectId)
      .all<{ detail: string }>()
  ).results.map((r) => JSON.parse(r.detail));
const NEW_PASSWORD = "a new Pass phrase 42";

describe("editing a user's fields", () => {
  it("the form shows the fields; a save writes them, marks a new email unverified, and is logged", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const target = await makeUser();
    await env.DB.prepare("UPDATE users SET email_is_verified = 1 WHERE id = ?").bind(target.id).run();
    const detail = await client.page(`/admin/users/${target.id}/`);
    expect(detail.text).toContain(`href="/admin/users/${target.id}/edit/"`);
    const form = await client.page(`/admin/users/${target.id}/edit/`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(
      `<input type="text" id="username" name="username" value="${target.username}" maxlength="150" required=""/>`,
    );
    expect(form.text).toContain(`value="${target.email}"`);
    const renamed = `${target.username}_r`;
    const res = await client.submit(`/admin/users/${target.id}/edit/`, {
      username: renamed,
      email: `r_${target.email}`,
      firstName: "Ada",
      bio: "<script>alert(1)</script>",
      location: "",
    });
    expect(res.status, res.text).toBe(303);
    expect(res.headers.get("Location")).toBe(`/admin/users/${target.id}/?done=saved`);
    expect(await row(target.id)).toMatchObject({
      username: renamed,
      email: `r_${target.email}`,
      email_is_verified: 0,
      first_name: "Ada",
      bio: "<script>alert(1)</script>",
      location: "",
    });
    expect(await auditsOf("user.edit", target.id)).toEqual([
      { fields: ["username", "email", "firstName", "bio"], username: { from: target.username, to: renamed } },
    ]);
    const shown = await client.page(`/admin/users/${target.id}/`);
    expect(shown.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(shown.text).not.toContain("<script>alert(1)");
    // Saving the form unchanged writes nothing and logs nothing.
    await client.submit(`/admin/users/${target.id}/edit/`, { username: renamed, email: `r_${target.email}` });
    expect(await auditsOf("user.edit", target.id)).toHaveLength(1);
  });

  it("a taken username, a bad email and a too-long bio stay on the form (400), beside their fields, and nothing is written", async () => {
    const client = await signedIn(await makeAdmin());
    const [target, other] = [await makeUser(), await makeUser()];
    const before = await row(target.id);
    const res = await client.submit(`/admin/users/${target.id}/edit/`, {
      username: other.username.toUpperCase(),
      email: "not an email",
      bio: "x".repeat(1001),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain("Nothing was saved: correct the fields marked below.");
    expect(res.text).toContain(
      '<p class="error" id="username-error">A user with that username already exists.</p>',
    );
    expect(res.text).toContain('<p class="error" id="email-error">Enter a valid email address.</p>');
    expect(res.text).toContain(
      '<p class="error" id="bio-error">Ensure this value has at most 1000 characters (it has 1001).</p>',
    );
    // What was typed is kept.
    expect(res.text).toContain('value="not an email"');
    expect(await row(target.id)).toEqual(before);
    expect(await auditsOf("user.edit", target.id)).toEqual([]);
    const bad = await client.submit(`/admin/users/${target.id}/edit/`, { username: "has space!" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="username-error"');
    // A repeated field is not a value: the error page, not a half-read form.
    const twice = await client.submit(`/admin/users/${target.id}/edit/`, { username: ["a", "b"] });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain("<h1>Bad request</h1>");
    expect((await client.page("/admin/users/99999999/edit/")).status).toBe(404);
    expect((await client.submit("/admin/users/99999999/edit/", { firstName: "x" })).status).toBe(404);
  });

  it("anonymous is sent to sign in; a missing token and a demoted admin are refused; nothing changes", async () => {
    const target = await makeUser();
    const before = await row(target.id);
    const anonymous = await new PanelClient().submit(
      `/admin/users/${target.id}/edit/`,
      { firstName: "x" },
      { csrf: "0".repeat(64) },
    );
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toBe("/admin/login/");
    expect((await new PanelClient().get(`/admin/users/${target.id}/edit/`)).headers.get("Location")).toBe(
      `/admin/login/?next=${encodeURIComponent(`/admin/users/${target.id}/edit/`)}`,
    );
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    expect(
      (await client.submit(`/admin/users/${target.id}/edit/`, { firstName: "x" }, { csrf: null })).status,
    ).toBe(403);
    await adminUpdate(admin.id, { groups: ["visitor"] });
    expect((await client.submit(`/admin/users/${target.id}/edit/`, { firstName: "x" })).status).toBe(403);
    expect(await row(target.id)).toEqual(before);
  });

  it("two admins renaming two users to the same name at once: one wins, the other hears it on the form", async () => {
    const [ca, cb] = [await signedIn(await makeAdmin()), await signedIn(await makeAdmin())];
    const [x, y] = [await makeUser(), await makeUser()];
    const name = `${x.username}_same`;
    const answers = await Promise.all([
      ca.submit(`/admin/users/${x.id}/edit/`, { username: name }),
      cb.submit(`/admin/users/${y.id}/edit/`, { username: name }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 400]);
    expect(answers.find((r) => r.status === 400)!.text).toContain(
      "A user with that username already exists.",
    );
    const named = await env.DB.prepare("SELECT count(*) AS n FROM users WHERE username = ?")
      .bind(name)
      .first<{ n: number }>();
    expect(named!.n).toBe(1);
  });
});

describe("setting a user's password", () => {
  it("ends every session of the user (their old token is refused), the new password signs in, the change is logged and mailed", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const target = await makeUserWithToken();
    const api = new UntypedClient().withToken(target.access);
    expect((await api.get(`/users/${target.id}/`)).status).toBe(200);
    const before = await row(target.id);
    const form = await client.page(`/admin/users/${target.id}/password/`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<h1>Set the password of ${target.username}</h1>`);
    const res = await client.submit(`/admin/users/${target.id}/password/`, {
      password: NEW_PASSWORD,
      password_confirm: NEW_PASSWORD,
    });
    expect(res.status, res.text).toBe(303);
    expect(res.headers.get("Location")).toBe(`/admin/users/${target.id}/?done=password`);
    const after = await row(target.id);
    expect(after!.password_hash).not.toBe(before!.password_hash);
    expect(after!.credentials_version).toBe(before!.credentials_version + 1);
    expect((await api.get(`/users/${target.id}/`)).status).toBe(401);
    const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?")
      .bind(target.id)
      .first<{ n: number }>();
    expect(sessions!.n).toBe(0);
    expect(
      (
        await new UntypedClient().post("/users/login/", {
          username: target.username,
          password: target.password,
        })
      ).status,
    ).toBe(401);
    expect(
      (await new UntypedClient().post("/users/login/", { username: target.username, password: NEW_PASSWORD }))
        .status,
    ).toBe(200);
    expect(await auditsOf("user.set_password", target.id)).toEqual([{}]);
    await eventually(
      async () => (await outboxOf(target.email)).some((m) => m.subject === "Your password was changed"),
      { what: "the mail to the user" },
    );
    expect((await client.page(`/admin/users/${target.id}/?done=password`)).text).toContain(
      "Password set: every session and token of the user ended.",
    );
  });

  it("a mismatch, a short, common or similar password stay on the form (400) and change nothing", async () => {
    const client = await signedIn(await makeAdmin());
    const target = await makeUser();
    const before = await row(target.id);
    for (const [password, confirm, field, message] of [
      [NEW_PASSWORD, `${NEW_PASSWORD}x`, "password_confirm", "The two password fields didn’t match."],
      ["short1", "short1", "password", "This password is too short. It must contain at least 8 characters."],
      ["password123", "password123", "password", "This password is too common."],
      ["12345678901", "12345678901", "password", "This password is entirely numeric."],
      [target.username, target.username, "password", "The password is too similar to the username."],
      [
        "y".repeat(1025),
        "y".repeat(1025),
        "password",
        "Ensure this value has at most 1024 characters (it has 1025).",
      ],
    ]) {
      const res = await client.submit(`/admin/users/${target.id}/password/`, {
        password: password!,
        password_confirm: confirm!,
      });
      expect(res.status, message).toBe(400);
      expect(res.text).toContain("The password was not changed");
      expect(res.text).toContain(`<p class="error" id="${field}-error">`);
      expect(res.text).toContain(message);
      // The typed password is never echoed back.
      expect(res.text).not.toMatch(/<input type="password"[^>]*value=/);
    }
    expect(await row(target.id)).toEqual(before);
    expect(await auditsOf("user.set_password", target.id)).toEqual([]);
    expect(
      (await client.submit(`/admin/users/${target.id}/password/`, { password: NEW_PASSWORD })).status,
    ).toBe(400);
  });

  it("not on the admin's own account (403, no link), nor on a missing one (404)", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const own = await client.page(`/admin/users/${admin.id}/`);
    expect(own.text).not.toContain(`/admin/users/${admin.id}/password/`);
    const before = await row(admin.id);
    for (const res of [
      await client.page(`/admin/users/${admin.id}/password/`),
      await client.submit(`/admin/users/${admin.id}/password/`, {
        password: NEW_PASSWORD,
        password_confirm: NEW_PASSWORD,
      }),
      await client.submit(`/admin/users/${admin.id}/password/`, {
        password: NEW_PASSWORD,
        password_confirm: "other",
      }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.text).toContain("Not on your own account");
    }
    expect(await row(admin.id)).toEqual(before);
    expect((await client.page("/admin/users/")).status).toBe(200);
    expect((await client.page("/admin/users/99999999/password/")).status).toBe(404);
    expect(
      (
        await client.submit("/admin/users/99999999/password/", {
          password: NEW_PASSWORD,
          password_confirm: NEW_PASSWORD,
        })
      ).status,
    ).toBe(404);
  });

  it("anonymous is sent to sign in; a missing token and a demoted admin are refused; nothing changes", async () => {
    const target = await makeUser();
    const before = await row(target.id);
    const fields = { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD };
    const anonymous = await new PanelClient().submit(`/admin/users/${target.id}/password/`, fields, {
      csrf: "0".repeat(64),
    });
    expect(anonymous.status).toBe(303);
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    expect((await client.submit(`/admin/users/${target.id}/password/`, fields, { csrf: null })).status).toBe(
      403,
    );
    await adminUpdate(admin.id, { groups: ["visitor"] });
    expect((await client.submit(`/admin/users/${target.id}/password/`, fields)).status).toBe(403);
    expect(await row(target.id)).toEqual(before);
  });

  it("two admins setting one user's password at once: one of the two holds, and no session of the user survives either", async () => {
    const [ca, cb] = [await signedIn(await makeAdmin()), await signedIn(await makeAdmin())];
    const target = await makeUserWithToken();
    const passwords = [`${NEW_PASSWORD} one`, `${NEW_PASSWORD} two`];
    const answers = await Promise.all(
      [ca, cb].map((c, i) =>
        c.submit(`/admin/users/${target.id}/password/`, {
          password: passwords[i]!,
          password_confirm: passwords[i]!,
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([303, 303]);
    const n = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?")
      .bind(target.id)
      .first<{ n: number }>();
    expect(n!.n).toBe(0);
    expect((await new UntypedClient().withToken(target.access).get(`/users/${target.id}/`)).status).toBe(401);
    const logins = [];
    for (const password of passwords)
      logins.push(
        (await new UntypedClient().post("/users/login/", { username: target.username, password })).status,
      );
    expect(logins.sort()).toEqual([200, 401]);
    expect(await auditsOf("user.set_password", target.id)).toHaveLength(2);
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, users } from "../../../src/db/schema";
import { UntypedClient } from "../../helpers/client";
import { adminUpdate, makeUser, makeUserWithToken, testDeps } from "../../helpers/factories";
import { PanelClient, signedIn } from "../../helpers/panel";

const makeAdmin = () => makeUser({ groups: ["visitor", "admin"] });
const sessionsOf = async (userId: number) =>
  (await testDeps().db.select().from(sessions).where(eq(sessions.userId, userId))).length;

/** Every page of the panel behind the sign-in. */
const PAGES = [
  "/admin/",
  "/admin/users/",
  "/admin/applications/",
  "/admin/reports/",
  "/admin/content/",
  "/admin/audit/",
  "/admin/logout/",
];

describe("panel sign-in", () => {
  it("GET /admin/ redirects an anonymous visitor to the sign-in form, and so does every page", async () => {
    const client = new PanelClient();
    for (const path of PAGES) {
      const res = await client.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("Location"), path).toBe(`/admin/login/?next=${encodeURIComponent(path)}`);
    }
    const form = await client.page("/admin/login/");
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="username">Username</label>');
    expect(form.text).toContain('name="password"');
    expect(client.csrf).toMatch(/^[0-9a-f]{64}$/);
  });

  it("an admin signs in with a panel cookie of its own (Path=/admin, HttpOnly, SameSite=Strict) and reaches the dashboard", async () => {
    const admin = await makeAdmin();
    const client = new PanelClient();
    await client.page("/admin/login/?next=/admin/users/");
    const res = await client.submit("/admin/login/", {
      username: admin.username,
      password: admin.password,
      next: "/admin/users/",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/admin/users/");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("admin_session="))!;
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // http://api.test; Secure on https
    expect(res.headers.getSetCookie().some((c) => c.startsWith("sessionid="))).toBe(false);
    const home = await client.page("/admin/");
    expect(home.status).toBe(200);
    expect(home.text).toContain("<h1>Dashboard</h1>");
    // The panel cookie is no API credential.
    const api = await new UntypedClient({ Cookie: `sessionid=${client.cookies.get("admin_session")}` }).get(
      "/users/user_info/",
    );
    expect(api.status).not.toBe(200);
  });

  it("over https the panel cookie is Secure", async () => {
    const admin = await makeAdmin();
    const client = new PanelClient();
    await client.page("https://api.test/admin/login/");
    const res = await client.submit("https://api.test/admin/login/", {
      username: admin.username,
      password: admin.password,
    });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith("admin_session="))).toMatch(/; Secure/);
  });

  it("a next that leaves the panel is ignored", async () => {
    const admin = await makeAdmin();
    const client = new PanelClient();
    await client.page("/admin/login/");
    const res = await client.submit("/admin/login/", {
      username: admin.username,
      password: admin.password,
      next: "//evil.example/admin/",
    });
    expect(res.headers.get("Location")).toBe("/admin/");
  });

  it("every page sends the CSP, X-Frame-Options DENY and a Referrer-Policy; the stylesheet is served by the Worker", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    for (const path of ["/admin/login/", ...PAGES]) {
      const res = await (path === "/admin/login/" ? new PanelClient() : client).get(path);
      expect(res.headers.get("Content-Security-Policy"), path).toBe(
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      expect(res.headers.get("X-Frame-Options"), path).toBe("DENY");
      expect(res.headers.get("Referrer-Policy"), path).toBe("same-origin");
      expect(res.text, path).not.toMatch(/<script|style=/);
    }
    const css = await new UntypedClient().get("/admin/panel.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("Content-Type")).toMatch(/^text\/css/);
  });

  it("a non-admin with the right password is refused with a page, and keeps no session", async () => {
    const user = await makeUser();
    const before = await sessionsOf(user.id);
    const client = new PanelClient();
    const res = await client.signIn(user.username, user.password);
    expect(res.status).toBe(403);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.text).toContain("not in the admin group");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("admin_session="))).toBe(false);
    expect(await sessionsOf(user.id)).toBe(before);
    expect((await client.get("/admin/")).status).toBe(303);
  });

  it("a wrong password re-renders the form with 401; the shared lockout counts it and locks after five", async () => {
    const admin = await makeAdmin();
    const client = new PanelClient();
    await client.page("/admin/login/");
    const wrong = await client.submit("/admin/login/", {
      username: admin.username,
      password: "wrong-password",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("Wrong username or password");
    for (let i = 0; i < 4; i++)
      await client.submit("/admin/login/", { username: admin.username, password: "wrong-password" });
    const locked = await client.submit("/admin/login/", {
      username: admin.username,
      password: admin.password,
    });
    expect(locked.status).toBe(403);
    expect(locked.text).toContain("locked");
    // The same lock the API's login answers.
    expect(
      (
        await new UntypedClient().post("/users/login/", {
          username: admin.username,
          password: admin.password,
        })
      ).status,
    ).toBe(403);
  });

  it("a sign-in without or with a wrong CSRF token is refused and signs no one in", async () => {
    const admin = await makeAdmin();
    const before = await sessionsOf(admin.id);
    const client = new PanelClient();
    await client.page("/admin/login/");
    for (const csrf of [null, "0".repeat(64)]) {
      const res = await client.submit(
        "/admin/login/",
        { username: admin.username, password: admin.password },
        { csrf },
      );
      expect(res.status).toBe(403);
      expect(res.text).toContain("Form refused");
    }
    // No login cookie at all: nothing to bind the token to.
    const fresh = new PanelClient();
    expect(
      (
        await fresh.submit(
          "/admin/login/",
          { username: admin.username, password: admin.password },
          { csrf: client.csrf! },
        )
      ).status,
    ).toBe(403);
    expect(await sessionsOf(admin.id)).toBe(before);
  });

  it("a cross-site form post is refused even with a token", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const res = await client.request("POST", `/admin/users/${admin.id}/unlock/`, {
      body: `csrf=${client.csrf}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });

  it("sign-out ends the session row; the cookie no longer opens the panel", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const cookie = client.cookies.get("admin_session")!;
    expect((await client.page("/admin/logout/")).status).toBe(200);
    expect((await client.submit("/admin/logout/", {}, { csrf: null })).status).toBe(403);
    const out = await client.submit("/admin/logout/");
    expect(out.status).toBe(303);
    expect(out.headers.get("Location")).toBe("/admin/login/");
    expect((await new UntypedClient({ Cookie: `admin_session=${cookie}` }).get("/admin/")).status).toBe(303);
  });

  it("the panel's cookie opens no API route, and the API's sessionid opens no panel page (issue 19 item 15)", async () => {
    const admin = await makeAdmin();
    const panel = await signedIn(admin);
    const panelSecret = panel.cookies.get("admin_session")!;
    const asApiCookie = await new UntypedClient().get("/user/api/profile/", {
      headers: { Cookie: `sessionid=${panelSecret}` },
    });
    expect(asApiCookie.status).toBe(401);
    expect(asApiCookie.body).toEqual({ detail: "Authentication credentials were not provided." });

    const game = new UntypedClient();
    expect(
      (await game.post("/users/login/", { username: admin.username, password: admin.password })).status,
    ).toBe(200);
    const apiSecret = game.cookies.get("sessionid")!;
    expect(
      (await new UntypedClient().get("/user/api/profile/", { headers: { Cookie: `sessionid=${apiSecret}` } }))
        .status,
    ).toBe(200);
    const asPanelCookie = await new UntypedClient().get("/admin/users/", {
      headers: { Cookie: `admin_session=${apiSecret}` },
    });
    expect(asPanelCookie.status).toBe(303);
    expect(asPanelCookie.headers.get("Location")).toBe("/admin/login/?next=%2Fadmin%2Fusers%2F");
    // Each still works on its own side.
    expect((await panel.page("/admin/users/")).status).toBe(200);
  });

  it("a ban or a demotion ends a panel session at once", async () => {
    const admin = await makeAdmin();
    const other = await makeAdmin();
    const client = await signedIn(admin);
    await adminUpdate(admin.id, { groups: ["visitor"] });
    const demoted = await client.get("/admin/");
    expect(demoted.status).toBe(403);
    expect(demoted.text).toContain("administrators only");
    await adminUpdate(admin.id, { groups: ["visitor", "admin"] });
    expect((await client.get("/admin/")).status).toBe(200);
    const otherClient = await signedIn(other);
    await otherClient.page(`/admin/users/${admin.id}/`);
    expect((await otherClient.submit(`/admin/users/${admin.id}/ban/`)).status).toBe(303);
    expect((await client.get("/admin/")).status).toBe(303);
    const row = await testDeps().db.select().from(users).where(eq(users.id, admin.id)).get();
    expect(row!.isBanned).toBe(true);
  });

  it("errors on panel paths are HTML pages: 404 and 405", async () => {
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const client = await signedIn(admin);
    const missing = await client.get("/admin/users/99999999/");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(missing.text).toContain("<h1>Not found</h1>");
    const nowhere = await client.get("/admin/nowhere/");
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get("Content-Type")).toMatch(/^text\/html/);
    for (const c of [client, new PanelClient()]) {
      const wrongMethod = await c.request("DELETE", "/admin/audit/");
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get("Allow")).toBe("GET, HEAD");
      expect(wrongMethod.text).toContain("<h1>Not allowed here</h1>");
    }
  });
});

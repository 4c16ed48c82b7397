import { describe, expect, it } from "vitest";
import {
  adminUpdate,
  fileApplication,
  makePost,
  makeReport,
  makeUser,
  makeUsers,
  uniqueName,
} from "../../helpers/factories";
import { PanelClient, signedIn } from "../../helpers/panel";

const makeAdmin = () => makeUser({ groups: ["visitor", "admin"] });
const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));
const rowsIn = (html: string) => (html.match(/<tr>/g) ?? []).length - 1;

describe("panel pages", () => {
  it("users: search by part of the username or the email, 50 a page, a fixed number of D1 statements", async () => {
    const client = await signedIn(await makeAdmin());
    const prefix = uniqueName("srch");
    await makeUsers(51, prefix);
    const first = await client.page(`/admin/users/?q=${prefix.toUpperCase()}`);
    expect(first.status).toBe(200);
    expect(first.text).toContain("51 users");
    expect(rowsIn(first.text)).toBe(50);
    expect(first.text).toContain('rel="next"');
    const second = await client.page(`/admin/users/?q=${prefix}&page=2`);
    expect(rowsIn(second.text)).toBe(1);
    expect(second.text).toContain(`${prefix}_0<`);
    const one = await client.page(`/admin/users/?q=${prefix}_50`);
    expect(rowsIn(one.text)).toBe(1);
    // The session, then the count and the page in one batch, whatever the page holds.
    expect(queries(first)).toBe(3);
    expect(queries(second)).toBe(3);
    expect(queries(one)).toBe(3);
    const byEmail = await client.page(`/admin/users/?q=${prefix}_7@example`);
    expect(byEmail.text).toContain("1 user<");
    expect((await client.get(`/admin/users/?q=${prefix}&page=9`)).status).toBe(404);
  });

  it("users: filters by state and group; a % in the search is itself", async () => {
    const client = await signedIn(await makeAdmin());
    const prefix = uniqueName("filt");
    const [a, b, c] = await makeUsers(3, prefix);
    await adminUpdate(a!.id, { isBanned: true });
    await adminUpdate(b!.id, { groups: ["visitor", "creator"] });
    await adminUpdate(c!.id, { isActive: false });
    const names = async (query: string) =>
      [
        ...(await client.page(`/admin/users/?q=${prefix}&${query}`)).text.matchAll(
          /<a href="\/admin\/users\/\d+\/">([^<]+)<\/a>/g,
        ),
      ]
        .map((m) => m[1])
        .sort();
    expect(await names("state=banned")).toEqual([a!.username]);
    expect(await names("state=inactive")).toEqual([c!.username]);
    expect(await names("state=active")).toEqual([b!.username]);
    expect(await names("group=creator")).toEqual([b!.username]);
    expect(await names("state=bogus")).toHaveLength(3);
    expect((await client.page("/admin/users/?q=%25%25%25")).text).toContain("0 users");
  });

  it("user page: every profile field, groups, flags, score and one form per action", async () => {
    const client = await signedIn(await makeAdmin());
    const target = await makeUser();
    await adminUpdate(target.id, { score: 12, isEditor: true });
    const res = await client.page(`/admin/users/${target.id}/`);
    expect(res.status).toBe(200);
    for (const label of [
      "Email",
      "First name",
      "Last name",
      "Display name",
      "Bio",
      "Phone",
      "Address",
      "Location",
      "Home page",
      "Birthday",
      "Joined",
      "Last login",
      "Failed logins",
      "Live sessions",
    ]) {
      expect(res.text, label).toContain(`<dt>${label}</dt>`);
    }
    for (const flag of ["is_active", "is_banned", "is_featured", "is_editor", "is_manager", "advancedUser"])
      expect(res.text, flag).toContain(`<code>${flag}</code>`);
    expect(res.text).toMatch(/name="is_editor" value="on" checked/);
    expect(res.text).toContain('value="12"');
    for (const action of ["unlock", "end-sessions", "save"])
      expect(res.text, action).toContain(`action="/admin/users/${target.id}/${action}/"`);
    // The destructive ones ask first, on their own page (confirmations.test.ts).
    for (const action of ["ban", "deactivate", "reset-2fa", "delete"])
      expect(res.text, action).toContain(`href="/admin/users/${target.id}/${action}/"`);
    expect(queries(res)).toBe(4);
  });

  it("dashboard: the counts and a 30-day SVG chart, in one statement", async () => {
    const client = await signedIn(await makeAdmin());
    const res = await client.page("/admin/");
    expect(res.status).toBe(200);
    for (const label of [
      "Active users",
      "Banned users",
      "Joined today",
      "Joined this week",
      "Posts",
      "Reels",
      "Videos",
      "Pending applications",
      "Open reports",
    ])
      expect(res.text, label).toContain(label);
    expect(res.text).toContain('<svg class="chart"');
    expect((res.text.match(/<rect /g) ?? []).length).toBe(30);
    const joinedToday = Number(/<span class="n">(\d+)<\/span>Joined today/.exec(res.text)![1]);
    await makeUser();
    const after = await client.page("/admin/");
    const today = Number(/<span class="n">(\d+)<\/span>Joined today/.exec(after.text)![1]);
    expect(today).toBeGreaterThan(joinedToday);
    // Today's bar and table row count the same sign-ups as the card.
    expect(after.text).toContain(`<td>${new Date().toISOString().slice(0, 10)}</td><td>${today}</td>`);
    expect(after.text).toMatch(
      new RegExp(`<title>${new Date().toISOString().slice(5, 10)}: ${today}</title>`),
    );
    // The session, then every kept count in one statement (issue 20).
    expect(queries(after)).toBe(2);
  });

  it("applications: pending first", async () => {
    const client = await signedIn(await makeAdmin());
    const early = await makeUser();
    const late = await makeUser();
    const reviewed = await fileApplication(early.id);
    await client.submit(`/admin/applications/${reviewed.id}/reject/`);
    await fileApplication(late.id);
    const res = await client.page("/admin/applications/");
    expect(res.text.indexOf(late.username)).toBeLessThan(res.text.indexOf(early.username));
    expect(res.text).toContain(`Approve ${early.username}`);
    expect(res.text).not.toContain(`Reject ${early.username}`);
  });

  it("reports: grouped by post with counts per reason and a preview; a fixed number of statements", async () => {
    const client = await signedIn(await makeAdmin());
    const author = await makeUser();
    const post = await makePost(author.id, {
      title: uniqueName("reported"),
      description: "the text of the post",
    });
    for (const reason of ["spam", "spam", "hate"] as const)
      await makeReport((await makeUser()).id, post.id, reason);
    const res = await client.page("/admin/reports/");
    expect(res.status).toBe(200);
    const block = res.text.slice(res.text.indexOf(post.title));
    expect(block).toContain("the text of the post");
    expect(block).toMatch(/3 reports/);
    expect(block).toContain("spam × 2");
    expect(block).toContain("hate × 1");
    expect(block).toContain(`action="/admin/reports/${post.id}/dismiss/"`);
    // Removal asks on a second page first (issue 25): the list links to it, it has no one-click form.
    expect(block).toContain(`href="/admin/posts/${post.id}/remove/?back=%2Fadmin%2Freports%2F"`);
    expect(block).not.toContain(`action="/admin/posts/${post.id}/remove/"`);
    expect(queries(res)).toBe(3);
    await client.submit(`/admin/reports/${post.id}/dismiss/`, { back: "/admin/reports/" });
    expect((await client.page("/admin/reports/")).text).not.toContain(post.title);
  });

  it("content: search by title or author, filter by kind, remove", async () => {
    const client = await signedIn(await makeAdmin());
    const author = await makeUser();
    const title = uniqueName("Findable");
    const post = await makePost(author.id, { title });
    const found = await client.page(`/admin/content/?q=${title.toLowerCase()}`);
    expect(found.text).toContain(title);
    expect(found.text).toContain("1 item<");
    expect(queries(found)).toBe(3);
    expect((await client.page(`/admin/content/?q=${author.username}&kind=post`)).text).toContain(title);
    expect((await client.page(`/admin/content/?q=${title}&kind=reel`)).text).toContain("0 items");
    const res = await client.submit(`/admin/posts/${post.id}/remove/`, {
      back: `/admin/content/?q=${title}`,
    });
    expect(res.headers.get("Location")).toBe(`/admin/content/?q=${title}&done=removed`);
    expect((await client.page(`/admin/content/?q=${title}`)).text).toContain("0 items");
    // A back link off the panel's lists is not followed.
    const other = await makePost(author.id);
    const off = await client.submit(`/admin/posts/${other.id}/remove/`, { back: "https://evil.example/" });
    expect(off.headers.get("Location")).toBe("/admin/content/?done=removed");
  });

  it("audit: every action newest first, with who, what, object and IP", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const target = await makeUser();
    await client.submit(`/admin/users/${target.id}/ban/`);
    await client.submit(`/admin/users/${target.id}/unban/`);
    const res = await client.page("/admin/audit/");
    expect(res.status).toBe(200);
    const unban = res.text.indexOf("<code>user.unban</code>");
    const ban = res.text.indexOf("<code>user.ban</code>");
    expect(unban).toBeGreaterThan(0);
    expect(unban).toBeLessThan(ban);
    expect(res.text).toContain(`>${admin.username}</a>`);
    expect(res.text).toContain(`user #${target.id}`);
    expect(res.text).toContain(client.ip);
    expect(queries(res)).toBe(3);
    expect((await client.get("/admin/audit/?page=99999")).status).toBe(404);
  });

  it("anonymous visitors see none of it: each page redirects to sign-in", async () => {
    const client = new PanelClient();
    for (const path of ["/admin/users/1/", "/admin/users/1/delete/"])
      expect((await client.get(path)).status).toBe(303);
  });
});

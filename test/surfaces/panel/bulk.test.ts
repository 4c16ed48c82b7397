// Issue 25 item 3: bulk actions on the users and content lists ask first, apply each item's own rules, audit each, and are bounded.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminUpdate, makePost, makeUser, makeUserWithToken } from "../../helpers/factories";
import { PanelClient, signedIn } from "../../helpers/panel";

const makeAdmin = () => makeUser({ groups: ["visitor", "admin"] });
const flags = (id: number) =>
  env.DB.prepare("SELECT is_active, is_banned FROM users WHERE id = ?")
    .bind(id)
    .first<{ is_active: number; is_banned: number }>();
const audits = async (action: string, objectId: number) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM admin_audit WHERE action = ? AND object_id = ?")
    .bind(action, objectId)
    .first<{ n: number }>())!.n;
const standingPost = async (id: number) =>
  Boolean(await env.DB.prepare("SELECT 1 FROM posts WHERE id = ? AND deleted_at IS NULL").bind(id).first());
const onlyAdmins = (...ids: number[]) =>
  env.DB.prepare(`DELETE FROM user_groups WHERE name = 'admin' AND user_id NOT IN (${ids.join(",")})`).run();

describe("bulk actions on the users list", () => {
  it("the list has a checkbox per row and the action menu, in a form posting to the bulk route", async () => {
    const client = await signedIn(await makeAdmin());
    const target = await makeUser();
    const list = await client.page("/admin/users/");
    expect(list.text).toContain('<form method="post" action="/admin/users/bulk/">');
    expect(list.text).toContain(
      `<input type="checkbox" name="ids" value="${target.id}" aria-label="Select ${target.username}"/>`,
    );
    expect(list.text).toContain('<option value="ban">Ban selected users</option>');
  });

  it("asks first, naming each user; its yes bans each, ends their sessions and logs each", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const [a, b] = [await makeUserWithToken(), await makeUserWithToken()];
    const ask = await client.submit("/admin/users/bulk/", {
      action: "ban",
      ids: [String(a.id), String(b.id)],
    });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain("<h1>Ban 2 users?</h1>");
    expect(ask.text).toContain(`<a href="/admin/users/${a.id}/">${a.username}</a>`);
    expect(ask.text).toContain(`<a href="/admin/users/${b.id}/">${b.username}</a>`);
    expect(ask.text).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(ask.text).toContain("Yes, ban 2 users");
    expect(await flags(a.id)).toEqual({ is_active: 1, is_banned: 0 });
    expect(await audits("user.ban", a.id)).toBe(0);

    const done = await client.submit("/admin/users/bulk/", {
      action: "ban",
      confirm: "yes",
      ids: [String(a.id), String(b.id)],
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain("Ban: done for 2 of 2 users");
    expect(done.text).toContain("All 2 done.");
    for (const u of [a, b]) {
      expect(await flags(u.id)).toEqual({ is_active: 1, is_banned: 1 });
      expect(await audits("user.ban", u.id)).toBe(1);
      const sessions = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?")
        .bind(u.id)
        .first<{ n: number }>();
      expect(sessions!.n).toBe(0);
    }
    const unban = await client.submit("/admin/users/bulk/", {
      action: "unban",
      confirm: "yes",
      ids: [String(a.id)],
    });
    expect(unban.text).toContain("Unban: done for 1 of 1 users");
    expect(await flags(a.id)).toEqual({ is_active: 1, is_banned: 0 });
  });

  it("the admin's own account and a missing one are refused and reported; the others are done", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const other = await makeUser();
    const ids = [String(admin.id), String(other.id), "999999"];
    const ask = await client.submit("/admin/users/bulk/", { action: "deactivate", ids });
    expect(ask.text).toContain("#999999 (not found): skipped");
    expect(ask.text).toContain("<h1>Deactivate 2 users?</h1>");
    const done = await client.submit("/admin/users/bulk/", { action: "deactivate", confirm: "yes", ids });
    expect(done.status).toBe(200);
    expect(done.text).toContain("Deactivate: done for 1 of 3 users");
    expect(done.text).toContain("2 refused; the others were done.");
    expect(done.text).toContain("Refused: You cannot ban, deactivate, delete or demote your own account");
    expect(done.text).toContain("Refused: There is nothing here.");
    expect(await flags(admin.id)).toEqual({ is_active: 1, is_banned: 0 });
    expect(await flags(other.id)).toEqual({ is_active: 0, is_banned: 0 });
    expect(await audits("user.deactivate", admin.id)).toBe(0);
    expect(await audits("user.deactivate", other.id)).toBe(1);
  });

  it("delete: each account is erased, each on the log", async () => {
    const client = await signedIn(await makeAdmin());
    const [a, b] = [await makeUser(), await makeUser()];
    const done = await client.submit("/admin/users/bulk/", {
      action: "delete",
      confirm: "yes",
      ids: [String(a.id), String(b.id)],
    });
    expect(done.text).toContain("Delete: done for 2 of 2 users");
    for (const u of [a, b]) {
      const row = await env.DB.prepare("SELECT deleted_at FROM users WHERE id = ?")
        .bind(u.id)
        .first<{ deleted_at: number | null }>();
      expect(row?.deleted_at ?? "purged").not.toBeNull();
      expect(await audits("user.delete", u.id)).toBe(1);
    }
  });

  it("no action, an unknown one, nothing selected, unreadable ids and more than 100: a 400 page, nothing changed", async () => {
    const client = await signedIn(await makeAdmin());
    const target = await makeUser();
    const id = String(target.id);
    const cases: [Record<string, string | string[]>, string][] = [
      [{ ids: [id] }, "Choose an action"],
      [{ action: "promote", ids: [id], confirm: "yes" }, "Choose an action"],
      [{ action: "__proto__", ids: [id], confirm: "yes" }, "Choose an action"],
      [{ action: "ban", confirm: "yes" }, "Nothing selected"],
      [{ action: "ban", ids: ["abc"], confirm: "yes" }, "Bad selection"],
      [{ action: "ban", ids: ["-1"], confirm: "yes" }, "Bad selection"],
      [{ action: "ban", ids: ["1".repeat(40)], confirm: "yes" }, "Bad selection"],
      [
        {
          action: "ban",
          ids: [id, ...Array.from({ length: 100 }, (_, i) => String(1_000_000 + i))],
          confirm: "yes",
        },
        "Too many selected",
      ],
    ];
    for (const [fields, title] of cases) {
      const res = await client.submit("/admin/users/bulk/", fields);
      expect(res.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      expect(res.text).toContain(`<h1>${title}</h1>`);
      expect(res.text).toContain("Nothing was changed.");
    }
    expect(await flags(target.id)).toEqual({ is_active: 1, is_banned: 0 });
    // A hundred is allowed; a repeated id counts once.
    const hundred = [id, id, ...Array.from({ length: 99 }, (_, i) => String(1_000_000 + i))];
    const ok = await client.submit("/admin/users/bulk/", { action: "ban", ids: hundred, confirm: "yes" });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("Ban: done for 1 of 100 users");
  });

  it("anonymous is sent to sign in, a missing or foreign token and a demoted admin are refused; nothing changes", async () => {
    const target = await makeUser();
    const fields = { action: "ban", confirm: "yes", ids: [String(target.id)] };
    const anonymous = await new PanelClient().submit("/admin/users/bulk/", fields, { csrf: "0".repeat(64) });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toBe("/admin/login/");
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    for (const csrf of [null, "0".repeat(64)]) {
      const refused = await client.submit("/admin/users/bulk/", fields, { csrf });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain("Form refused");
    }
    await adminUpdate(admin.id, { groups: ["visitor"] });
    const demoted = await client.submit("/admin/users/bulk/", fields);
    expect(demoted.status).toBe(403);
    expect(demoted.text).toContain("This panel is for administrators only.");
    expect(await flags(target.id)).toEqual({ is_active: 1, is_banned: 0 });
    expect(await audits("user.ban", target.id)).toBe(0);
  });

  it("two admins bulk-banning each other at once: one active admin is always left, and only what happened is logged", async () => {
    const [a, b] = [await makeAdmin(), await makeAdmin()];
    await onlyAdmins(a.id, b.id);
    const [x, y] = [await makeUser(), await makeUser()];
    const [ca, cb] = [await signedIn(a), await signedIn(b)];
    const [ra, rb] = await Promise.all([
      ca.submit("/admin/users/bulk/", { action: "ban", confirm: "yes", ids: [String(b.id), String(x.id)] }),
      cb.submit("/admin/users/bulk/", { action: "ban", confirm: "yes", ids: [String(a.id), String(y.id)] }),
    ]);
    const banned = [(await flags(a.id))!.is_banned, (await flags(b.id))!.is_banned];
    expect(banned.filter(Boolean)).toHaveLength(1);
    expect((await audits("user.ban", a.id)) + (await audits("user.ban", b.id))).toBe(1);
    // The loser's request was refused at the door (its session ended) or its ban of the winner refused as the last admin.
    for (const res of [ra, rb]) {
      if (res.status === 303) expect(res.headers.get("Location")).toBe("/admin/login/");
      else expect(res.status).toBe(200);
    }
    const answers = [ra, rb].filter((r) => r.status === 200).map((r) => r.text);
    expect(answers.some((t) => t.includes("Ban: done for 2 of 2 users"))).toBe(true);
    for (const t of answers.filter((t) => !t.includes("done for 2 of 2")))
      expect(t).toContain("Refused: This would leave no active admin");
    expect((await flags(x.id))!.is_banned + (await flags(y.id))!.is_banned).toBeGreaterThanOrEqual(1);
  });
});

describe("bulk actions on the content list", () => {
  it("asks first, then removes each item, logs each, and reports one gone already", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const author = await makeUser();
    const [p, q] = [
      await makePost(author.id, { title: "first <b>bold</b>" }),
      await makePost(author.id, { title: "second" }),
    ];
    const list = await client.page("/admin/content/");
    expect(list.text).toContain('<form method="post" action="/admin/content/bulk/">');
    expect(list.text).toContain(
      `<input type="checkbox" name="ids" value="${p.id}" aria-label="Select #${p.id}"/>`,
    );
    const ids = [String(p.id), String(q.id), "999999"];
    const ask = await client.submit("/admin/content/bulk/", { action: "remove", ids });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain("<h1>Remove 2 items?</h1>");
    expect(ask.text).toContain(`#${p.id} first &lt;b&gt;bold&lt;/b&gt; (post)`);
    expect(await standingPost(p.id)).toBe(true);
    const done = await client.submit("/admin/content/bulk/", { action: "remove", confirm: "yes", ids });
    expect(done.text).toContain("Remove: done for 2 of 3 items");
    expect(await standingPost(p.id)).toBe(false);
    expect(await standingPost(q.id)).toBe(false);
    expect(await audits("post.remove", p.id)).toBe(1);
    expect(await audits("post.remove", q.id)).toBe(1);
    const none = await client.submit("/admin/content/bulk/", { action: "ban", ids: [String(p.id)] });
    expect(none.status).toBe(400);
  });

  it("two admins removing the same items at once: each item is removed and logged once", async () => {
    const [ca, cb] = [await signedIn(await makeAdmin()), await signedIn(await makeAdmin())];
    const author = await makeUser();
    const ids = [String((await makePost(author.id)).id), String((await makePost(author.id)).id)];
    const answers = await Promise.all(
      [ca, cb].map((c) => c.submit("/admin/content/bulk/", { action: "remove", confirm: "yes", ids })),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    for (const id of ids) expect(await audits("post.remove", Number(id))).toBe(1);
  });
});

describe("removing one item asks first", () => {
  it("the content list links to the second page, which changes nothing and whose form removes it", async () => {
    const client = await signedIn(await makeAdmin());
    const author = await makeUser();
    const post = await makePost(author.id, { title: "to remove" });
    const list = await client.page("/admin/content/");
    expect(list.text).toContain(`href="/admin/posts/${post.id}/remove/?back=`);
    expect(list.text).not.toContain(`action="/admin/posts/${post.id}/remove/"`);
    const confirm = await client.page(
      `/admin/posts/${post.id}/remove/?back=${encodeURIComponent("/admin/content/?kind=post")}`,
    );
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`<h1>Remove #${post.id} “to remove”?</h1>`);
    expect(confirm.text).toContain('<input type="hidden" name="back" value="/admin/content/?kind=post"/>');
    expect(confirm.text).toContain('<a class="button" href="/admin/content/?kind=post">Cancel</a>');
    expect(await standingPost(post.id)).toBe(true);
    // A back link elsewhere is dropped for the list's own.
    const hostile = await client.page(
      `/admin/posts/${post.id}/remove/?back=${encodeURIComponent("https://evil.example/")}`,
    );
    expect(hostile.text).toContain('<input type="hidden" name="back" value="/admin/content/"/>');
    const done = await client.submit(`/admin/posts/${post.id}/remove/`, {
      back: "/admin/content/?kind=post",
    });
    expect(done.status).toBe(303);
    expect(await standingPost(post.id)).toBe(false);
    const gone = await client.page(`/admin/posts/${post.id}/remove/`);
    expect(gone.status).toBe(404);
    expect((await new PanelClient().get(`/admin/posts/${post.id}/remove/`)).status).toBe(303);
  });
});

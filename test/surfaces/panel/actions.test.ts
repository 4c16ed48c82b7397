import { and, desc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  adminAudit,
  creatorApplications,
  postReports,
  posts,
  sessions,
  totpSecrets,
  userGroups,
  users,
} from "../../../src/db/schema";
import { UntypedClient } from "../../helpers/client";
import {
  adminUpdate,
  enableTwoFactor,
  fileApplication,
  makePost,
  makeReport,
  makeUser,
  makeUserWithToken,
  testDeps,
} from "../../helpers/factories";
import { PanelClient, signedIn } from "../../helpers/panel";
import { purgeAll } from "../../helpers/purge";

const db = () => testDeps().db;
const makeAdmin = () => makeUser({ groups: ["visitor", "admin"] });
const userRow = async (id: number) => db().select().from(users).where(eq(users.id, id)).get();
const lastAudit = async (actorId: number) =>
  db().select().from(adminAudit).where(eq(adminAudit.actorId, actorId)).orderBy(desc(adminAudit.id)).get();
const auditCount = async (actorId: number) =>
  (await db().select().from(adminAudit).where(eq(adminAudit.actorId, actorId))).length;
const auditsOf = async (action: string, objectId: number) =>
  (
    await db()
      .select()
      .from(adminAudit)
      .where(and(eq(adminAudit.action, action), eq(adminAudit.objectId, objectId)))
  ).length;
const openReports = async (postId: number) =>
  (
    await db()
      .select()
      .from(postReports)
      .where(and(eq(postReports.postId, postId), isNull(postReports.dismissedAt)))
  ).length;

interface Case {
  name: string;
  /** Makes the object; answers the form's path, what it should redirect to, and a probe of the state the action changes. */
  setup: () => Promise<{
    path: string;
    fields?: Record<string, string | string[]>;
    location: string;
    state: () => Promise<unknown>;
    action: string;
    objectId: number;
  }>;
}

const userCase = (
  action: string,
  path: string,
  arrange: (id: number) => Promise<void> = async () => {},
  done = action,
) => ({
  name: action,
  setup: async () => {
    const target = await makeUserWithToken();
    await arrange(target.id);
    return {
      path: `/admin/users/${target.id}/${path}/`,
      location: done === "deleted" ? "/admin/users/?done=deleted" : `/admin/users/${target.id}/?done=${done}`,
      state: async () => ({
        user: await userRow(target.id),
        sessions: (await db().select().from(sessions).where(eq(sessions.userId, target.id))).length,
      }),
      action: `user.${action.replace("-", "_")}`,
      objectId: target.id,
    };
  },
});

const CASES: Case[] = [
  userCase("ban", "ban"),
  userCase("unban", "unban", (id) => adminUpdate(id, { isBanned: true }).then(() => undefined)),
  userCase("deactivate", "deactivate"),
  userCase("activate", "activate", (id) => adminUpdate(id, { isActive: false }).then(() => undefined)),
  userCase("unlock", "unlock", async (id) => {
    await db()
      .update(users)
      .set({ failedLogins: 5, lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(users.id, id));
  }),
  userCase("end-sessions", "end-sessions"),
  userCase("delete", "delete", async () => {}, "deleted"),
  {
    name: "reset-2fa",
    setup: async () => {
      const target = await makeUser();
      await enableTwoFactor(target.id);
      return {
        path: `/admin/users/${target.id}/reset-2fa/`,
        location: `/admin/users/${target.id}/?done=reset-2fa`,
        state: () => db().select().from(totpSecrets).where(eq(totpSecrets.userId, target.id)).get(),
        action: "user.reset_2fa",
        objectId: target.id,
      };
    },
  },
  {
    name: "save",
    setup: async () => {
      const target = await makeUser();
      return {
        path: `/admin/users/${target.id}/save/`,
        fields: { score: "77", groups: ["visitor", "creator"], is_featured: "on", advancedUser: "on" },
        location: `/admin/users/${target.id}/?done=saved`,
        state: async () => ({
          user: await userRow(target.id),
          groups: await db().select().from(userGroups).where(eq(userGroups.userId, target.id)),
        }),
        action: "user.update",
        objectId: target.id,
      };
    },
  },
  ...(["approve", "reject"] as const).map((decision) => ({
    name: decision,
    setup: async () => {
      const applicant = await makeUser();
      const application = await fileApplication(applicant.id);
      return {
        path: `/admin/applications/${application.id}/${decision}/`,
        location: `/admin/applications/?done=${decision}`,
        state: () =>
          db().select().from(creatorApplications).where(eq(creatorApplications.id, application.id)).get(),
        action: `application.${decision}`,
        objectId: application.id,
      };
    },
  })),
  {
    name: "dismiss",
    setup: async () => {
      const author = await makeUser();
      const post = await makePost(author.id);
      await makeReport((await makeUser()).id, post.id, "spam");
      return {
        path: `/admin/reports/${post.id}/dismiss/`,
        fields: { back: "/admin/reports/" },
        location: "/admin/reports/?done=dismissed",
        state: () => openReports(post.id),
        action: "report.dismiss",
        objectId: post.id,
      };
    },
  },
  {
    name: "remove post",
    setup: async () => {
      const author = await makeUser();
      const post = await makePost(author.id);
      return {
        path: `/admin/posts/${post.id}/remove/`,
        fields: { back: "/admin/content/?q=&kind=&page=1" },
        location: "/admin/content/?q=&kind=&page=1&done=removed",
        state: () => db().select().from(posts).where(eq(posts.id, post.id)).get(),
        action: "post.remove",
        objectId: post.id,
      };
    },
  },
];

describe("panel actions: access, CSRF, effect and audit row", () => {
  for (const c of CASES) {
    it(`${c.name}: anonymous is sent to sign in, a demoted admin refused, a missing or wrong token refused; nothing changes`, async () => {
      const { path, fields, state, action, objectId } = await c.setup();
      const before = await state();
      const anonymous = await new PanelClient().submit(path, fields, { csrf: "0".repeat(64) });
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get("Location")).toBe("/admin/login/");

      const admin = await makeAdmin();
      const client = await signedIn(admin);
      for (const csrf of [null, "0".repeat(64), `${client.csrf!.slice(0, -1)}x`]) {
        const refused = await client.submit(path, fields, { csrf });
        expect(refused.status).toBe(403);
        expect(refused.text).toContain("Form refused");
      }
      // A token from another admin's session does not fit this one.
      const other = await signedIn(await makeAdmin());
      expect((await client.submit(path, fields, { csrf: other.csrf! })).status).toBe(403);

      await adminUpdate(admin.id, { groups: ["visitor"] });
      expect((await client.submit(path, fields)).status).toBe(403);
      expect(await state()).toEqual(before);
      expect(await auditsOf(action, objectId)).toBe(0);
    });
  }

  it("ban: the user's API token stops working; the audit row names admin, action, object and IP", async () => {
    const admin = await makeAdmin();
    const target = await makeUserWithToken();
    const api = new UntypedClient().withToken(target.access);
    expect((await api.get(`/users/${target.id}/`)).status).toBe(200);
    const client = await signedIn(admin);
    await client.page(`/admin/users/${target.id}/`);
    const res = await client.submit(`/admin/users/${target.id}/ban/`);
    expect(res.status).toBe(303);
    expect((await userRow(target.id))!.isBanned).toBe(true);
    expect((await api.get(`/users/${target.id}/`)).status).toBe(401);
    const audit = await lastAudit(admin.id);
    expect(audit).toMatchObject({
      actorName: admin.username,
      action: "user.ban",
      objectType: "user",
      objectId: target.id,
      ip: client.ip,
    });
    expect(JSON.parse(audit!.detail)).toEqual({ isBanned: true });
    const page = await client.page(`/admin/users/${target.id}/?done=ban`);
    expect(page.text).toContain("User banned");
    expect(page.text).toContain(">Unban</button>");
  });

  for (const c of CASES) {
    it(`${c.name}: an admin's form post changes D1 and writes its audit row`, async () => {
      const { path, fields, location, state, action, objectId } = await c.setup();
      const before = await state();
      const admin = await makeAdmin();
      const client = await signedIn(admin);
      const res = await client.submit(path, fields);
      expect(res.status, res.text).toBe(303);
      expect(res.headers.get("Location")).toBe(location);
      const after = await state();
      expect(after).not.toEqual(before);
      const audit = await lastAudit(admin.id);
      expect(audit).toMatchObject({ action, objectId, ip: client.ip });
      expect((await client.page(location)).status).toBe(200);
    });
  }

  it("the effects are the right ones", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const target = await makeUserWithToken();
    await client.submit(`/admin/users/${target.id}/save/`, {
      score: "77",
      groups: ["visitor", "creator"],
      is_featured: "on",
      advancedUser: "on",
    });
    expect(await userRow(target.id)).toMatchObject({
      score: 77,
      isFeatured: true,
      advancedUser: true,
      isEditor: false,
      isManager: false,
    });
    const groups = await db()
      .select({ name: userGroups.name })
      .from(userGroups)
      .where(eq(userGroups.userId, target.id));
    expect(groups.map((g) => g.name).sort()).toEqual(["creator", "visitor"]);

    await db()
      .update(users)
      .set({ failedLogins: 5, lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(users.id, target.id));
    await client.submit(`/admin/users/${target.id}/unlock/`);
    expect(await userRow(target.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(
      (
        await new UntypedClient().post("/users/login/", {
          username: target.username,
          password: target.password,
        })
      ).status,
    ).toBe(200);

    await client.submit(`/admin/users/${target.id}/end-sessions/`);
    expect(await db().select().from(sessions).where(eq(sessions.userId, target.id))).toEqual([]);
    expect((await new UntypedClient().withToken(target.access).get(`/users/${target.id}/`)).status).toBe(401);

    await client.submit(`/admin/users/${target.id}/deactivate/`);
    expect((await userRow(target.id))!.isActive).toBe(false);
    await client.submit(`/admin/users/${target.id}/activate/`);
    expect((await userRow(target.id))!.isActive).toBe(true);

    const confirm = await client.page(`/admin/users/${target.id}/delete/`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`Delete ${target.username}?`);
    expect(await userRow(target.id)).toBeDefined();
    await client.submit(`/admin/users/${target.id}/delete/`);
    expect((await userRow(target.id))?.deletedAt).toBeInstanceOf(Date);
    await purgeAll();
    expect(await userRow(target.id)).toBeUndefined();
  });

  it("save refuses what the JSON API refuses (a score out of range, an unknown group) and changes nothing", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const target = await makeUser();
    const audits = await auditCount(admin.id);
    const bad: Record<string, string | string[]>[] = [
      { score: "-1" },
      { score: "lots" },
      { score: "3000000000" },
      { score: "1", groups: ["root"] },
    ];
    for (const fields of bad) {
      const res = await client.submit(`/admin/users/${target.id}/save/`, fields);
      expect(res.status).toBe(400);
      expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    }
    expect((await userRow(target.id))!.score).toBe(0);
    expect(await auditCount(admin.id)).toBe(audits);
  });

  it("approve: the user joins creator and is notified, as through the API", async () => {
    const admin = await makeAdmin();
    const applicant = await makeUserWithToken();
    const application = await fileApplication(applicant.id);
    const client = await signedIn(admin);
    const list = await client.page("/admin/applications/");
    expect(list.text).toContain(`Approve ${applicant.username}`);
    await client.submit(`/admin/applications/${application.id}/approve/`);
    const groups = await db()
      .select({ name: userGroups.name })
      .from(userGroups)
      .where(eq(userGroups.userId, applicant.id));
    expect(groups.map((g) => g.name)).toContain("creator");
    const notes = await new UntypedClient().withToken(applicant.access).get("/api/notifications/");
    expect(JSON.stringify(notes.body)).toMatch(/creator/i);
  });

  it("actions on what does not exist answer a 404 page and log nothing", async () => {
    const admin = await makeAdmin();
    const client = await signedIn(admin);
    const audits = await auditCount(admin.id);
    for (const path of [
      "/admin/users/99999999/ban/",
      "/admin/users/99999999/unlock/",
      "/admin/applications/99999999/approve/",
      "/admin/reports/99999999/dismiss/",
      "/admin/posts/99999999/remove/",
    ]) {
      const res = await client.submit(path);
      expect(res.status, path).toBe(404);
      expect(res.text).toContain("Not found");
    }
    expect(await auditCount(admin.id)).toBe(audits);
  });
});

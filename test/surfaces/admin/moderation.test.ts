import { and, desc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { adminAudit, postReports, posts, sessions, users } from "../../../src/db/schema";
import { Client, expectStatus } from "../../helpers/client";
import { makePost, makeReport, makeUser, makeUserWithToken, testDeps } from "../../helpers/factories";
import { purgeAll } from "../../helpers/purge";

const db = () => testDeps().db;
const admin = () => makeUserWithToken({ groups: ["visitor", "admin"] });
const lastAudit = (actorId: number) =>
  db().select().from(adminAudit).where(eq(adminAudit.actorId, actorId)).orderBy(desc(adminAudit.id)).get();
const openOn = async (postId: number) =>
  (
    await db()
      .select()
      .from(postReports)
      .where(and(eq(postReports.postId, postId), isNull(postReports.dismissedAt)))
  ).length;

async function reportedPost(reasons: ("spam" | "hate" | "abuse")[]) {
  const author = await makeUser();
  const post = await makePost(author.id, { title: `reported ${author.username}`, description: "body" });
  for (const reason of reasons) await makeReport((await makeUser()).id, post.id, reason);
  return { author, post };
}

describe("GET /api/admin/reports/", () => {
  it("200: open reports grouped by post with counts per reason; dismissed ones left out; fixed statements", async () => {
    const a = await admin();
    const { author, post } = await reportedPost(["spam", "hate", "spam"]);
    const client = new Client().withToken(a.access);
    const res = await client.get("/api/admin/reports/");
    expectStatus(res, 200);
    const entry = res.body.results.find((r) => r.post.id === post.id)!;
    expect(entry).toMatchObject({
      post: {
        id: post.id,
        post_type: "post",
        post_title: post.title,
        post_description: "body",
        created_by: author.id,
        author: author.username,
      },
      reports: 3,
      reasons: { spam: 2, hate: 1, abuse: 0, false: 0, nsfw: 0, other: 0 },
    });
    expect(entry.first_reported_at <= entry.last_reported_at).toBe(true);
    // The viewer, then the count and the page in one batch.
    expect(res.headers.get("X-D1-Queries")).toBe("3");
    await db().update(postReports).set({ dismissedAt: new Date() }).where(eq(postReports.postId, post.id));
    const after = await client.get("/api/admin/reports/");
    expectStatus(after, 200);
    expect(after.body.results.some((r) => r.post.id === post.id)).toBe(false);
    expect(after.headers.get("X-D1-Queries")).toBe("3");
  });

  it("404 for a page past the end", async () => {
    const a = await admin();
    const res = await new Client().withToken(a.access).get("/api/admin/reports/?page=9999");
    expectStatus(res, 404);
    expect(res.body).toEqual({ detail: "Invalid page." });
  });
});

describe("POST /api/admin/reports/{post_id}/dismiss/", () => {
  it("200 marks every open report on the post dismissed and writes the audit row; the post stays", async () => {
    const a = await admin();
    const { post } = await reportedPost(["spam", "abuse"]);
    const res = await new Client().withToken(a.access).post(`/api/admin/reports/${post.id}/dismiss/`);
    expectStatus(res, 200);
    expect(res.body).toEqual({ detail: "Reports dismissed.", dismissed: 2 });
    expect(await openOn(post.id)).toBe(0);
    expect(await db().select().from(posts).where(eq(posts.id, post.id)).get()).toBeDefined();
    expect(await lastAudit(a.id)).toMatchObject({
      action: "report.dismiss",
      objectType: "post",
      objectId: post.id,
    });
  });

  it("404 when the post has no open report (or again after a dismissal)", async () => {
    const a = await admin();
    const { post } = await reportedPost(["spam"]);
    const client = new Client().withToken(a.access);
    expectStatus(await client.post(`/api/admin/reports/${post.id}/dismiss/`), 200);
    const again = await client.post(`/api/admin/reports/${post.id}/dismiss/`);
    expectStatus(again, 404);
    expect(again.body).toEqual({ detail: "Not found." });
  });
});

describe("DELETE /api/admin/posts/{id}/", () => {
  it("204 removes the post with its reports, and writes the audit row", async () => {
    const a = await admin();
    const { post } = await reportedPost(["hate"]);
    const res = await new Client().withToken(a.access).delete(`/api/admin/posts/${post.id}/`);
    expectStatus(res, 204);
    expectStatus(await new Client().get(`/api/posts/${post.id}/`), 404);
    await purgeAll();
    expect(await db().select().from(posts).where(eq(posts.id, post.id)).get()).toBeUndefined();
    expect(await db().select().from(postReports).where(eq(postReports.postId, post.id))).toEqual([]);
    expect(await lastAudit(a.id)).toMatchObject({
      action: "post.remove",
      objectType: "post",
      objectId: post.id,
    });
  });

  it("404 for an unknown post", async () => {
    const a = await admin();
    const res = await new Client().withToken(a.access).delete("/api/admin/posts/99999999/");
    expectStatus(res, 404);
    expect(res.body).toEqual({ detail: "Not found." });
  });
});

describe("user actions through the JSON admin API", () => {
  it("POST unlock/ clears the lockout; POST end-sessions/ kills the user's tokens; DELETE removes the account; each audited", async () => {
    const a = await admin();
    const target = await makeUserWithToken();
    const client = new Client().withToken(a.access);
    await db()
      .update(users)
      .set({ failedLogins: 5, lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(users.id, target.id));
    const unlock = await client.post(`/api/admin/users/${target.id}/unlock/`);
    expectStatus(unlock, 200);
    expect(unlock.body).toEqual({ detail: "Login lockout cleared.", id: target.id });
    expect(await db().select().from(users).where(eq(users.id, target.id)).get()).toMatchObject({
      failedLogins: 0,
      lockedUntil: null,
    });
    expect(await lastAudit(a.id)).toMatchObject({ action: "user.unlock", objectId: target.id });

    const end = await client.post(`/api/admin/users/${target.id}/end-sessions/`);
    expectStatus(end, 200);
    expect(await db().select().from(sessions).where(eq(sessions.userId, target.id))).toEqual([]);
    expect((await new Client().raw.withToken(target.access).get(`/users/${target.id}/`)).status).toBe(401);
    expect(await lastAudit(a.id)).toMatchObject({ action: "user.end_sessions", objectId: target.id });

    expectStatus(await client.delete(`/api/admin/users/${target.id}/`), 204);
    expectStatus(await client.delete(`/api/admin/users/${target.id}/`), 404);
    await purgeAll();
    expect(await db().select().from(users).where(eq(users.id, target.id)).get()).toBeUndefined();
    expect(await lastAudit(a.id)).toMatchObject({
      action: "user.delete",
      objectId: target.id,
      detail: JSON.stringify({ username: target.username }),
    });
  });

  it("404 for an unknown user on each", async () => {
    const a = await admin();
    const client = new Client().withToken(a.access);
    for (const res of [
      await client.post("/api/admin/users/99999999/unlock/"),
      await client.post("/api/admin/users/99999999/end-sessions/"),
      await client.delete("/api/admin/users/99999999/"),
    ]) {
      expectStatus(res, 404);
      expect(res.body).toEqual({ detail: "Not found." });
    }
  });

  it("PATCH and application reviews write audit rows too, with the caller's IP", async () => {
    const a = await admin();
    const target = await makeUser();
    const client = new Client().withToken(a.access);
    expectStatus(await client.patch(`/api/admin/users/${target.id}/`, { is_banned: true }), 200);
    expect(await lastAudit(a.id)).toMatchObject({
      action: "user.ban",
      objectType: "user",
      objectId: target.id,
      ip: client.ip,
      actorName: a.username,
    });
    expectStatus(await client.patch(`/api/admin/users/${target.id}/`, { score: 3, is_featured: true }), 200);
    const edit = await lastAudit(a.id);
    expect(edit!.action).toBe("user.update");
    expect(JSON.parse(edit!.detail)).toEqual({ score: 3, isFeatured: true });
  });
});

describe("GET /api/admin/audit/", () => {
  it("200 newest first, 50 a page, with a fixed number of statements", async () => {
    const a = await admin();
    const target = await makeUser();
    const client = new Client().withToken(a.access);
    expectStatus(await client.post(`/api/admin/users/${target.id}/unlock/`), 200);
    expectStatus(await client.post(`/api/admin/users/${target.id}/end-sessions/`), 200);
    const res = await client.get("/api/admin/audit/");
    expectStatus(res, 200);
    const mine = res.body.results.filter((e) => e.actor === a.id);
    expect(mine.slice(0, 2).map((e) => e.action)).toEqual(["user.end_sessions", "user.unlock"]);
    expect(mine[0]).toMatchObject({
      actor_username: a.username,
      object_type: "user",
      object_id: target.id,
      ip: client.ip,
      detail: {},
    });
    expect(res.body.results.length).toBeLessThanOrEqual(50);
    expect(res.headers.get("X-D1-Queries")).toBe("3");
    const last = await client.get(`/api/admin/audit/?page=${Math.max(1, Math.ceil(res.body.count / 50))}`);
    expectStatus(last, 200);
    expect(last.headers.get("X-D1-Queries")).toBe("3");
  });
});

describe("raced admin actions are done and logged once", () => {
  const auditsOn = async (action: string, objectId: number) =>
    (
      await db()
        .select()
        .from(adminAudit)
        .where(and(eq(adminAudit.action, action), eq(adminAudit.objectId, objectId)))
    ).length;

  it("two parallel dismissals: one 200, one 404, one audit row", async () => {
    const [a, b] = await Promise.all([admin(), admin()]);
    const { post } = await reportedPost(["spam", "spam"]);
    const replies = await Promise.all(
      [a, b].map((x) => new Client().withToken(x.access).post(`/api/admin/reports/${post.id}/dismiss/`)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 404]);
    expect(await auditsOn("report.dismiss", post.id)).toBe(1);
    expect(await openOn(post.id)).toBe(0);
  });

  it("two parallel removals of a post: one 204, one 404, one audit row", async () => {
    const [a, b] = await Promise.all([admin(), admin()]);
    const { post } = await reportedPost(["hate"]);
    const replies = await Promise.all(
      [a, b].map((x) => new Client().withToken(x.access).delete(`/api/admin/posts/${post.id}/`)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([204, 404]);
    expect(await auditsOn("post.remove", post.id)).toBe(1);
  });

  it("two parallel deletions of a user: one 204, one 404, one audit row", async () => {
    const [a, b] = await Promise.all([admin(), admin()]);
    const target = await makeUser();
    const replies = await Promise.all(
      [a, b].map((x) => new Client().withToken(x.access).delete(`/api/admin/users/${target.id}/`)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([204, 404]);
    expect(await auditsOn("user.delete", target.id)).toBe(1);
  });
});

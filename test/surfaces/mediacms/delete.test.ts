// seed 000: DELETE /api/v1/users/{username}.
import { env } from "cloudflare:workers";
import { and, eq, isNull, or } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { comments, follows, notifications, postLikes, posts, sessions, users } from "../../../src/db/schema";
import { SESSION_ENDED } from "../../../src/realtime/user-hub";
import { Client, expectStatus } from "../../helpers/client";
import { eventually } from "../../helpers/eventually";
import {
  adminUpdate,
  attachMedia,
  deactivate,
  likeAndComment,
  makePost,
  makeUser,
  makeUserWithToken,
  notifyLater,
  testDeps,
  uniqueName,
} from "../../helpers/factories";
import { JPEG_BYTES, PNG_BYTES, upload } from "../../helpers/fixtures";
import { purgeAll } from "../../helpers/purge";
import { openStream } from "../../helpers/ws";

const NOT_ENOUGH = { detail: "not enough permissions" };
const NO_CREDENTIALS = { detail: "Authentication credentials were not provided." };
const NO_USER = { detail: "user does not exist" };

const auditRows = async (userId: number) =>
  (
    await env.DB.prepare(
      "SELECT actor_id, action FROM admin_audit WHERE object_type = 'user' AND action = 'user.delete' AND object_id = ? ORDER BY id",
    )
      .bind(userId)
      .all()
  ).results;
/** The account stands: a deleted one is gone from every API at once, its row with the cron (purge-deleted.ts). */
const exists = async (userId: number) =>
  Boolean(
    await testDeps()
      .db.select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.deletedAt)))
      .get(),
  );
const gone = (keys: string[]) =>
  eventually(async () => (await Promise.all(keys.map((k) => env.MEDIA.head(k)))).every((o) => o === null), {
    what: "R2 objects deleted",
  });

describe("DELETE /api/v1/users/{username}", () => {
  it("the user themself: 204, empty body; the account, all its rows and every R2 object are gone, its sessions and sockets end", async () => {
    const u = await makeUserWithToken();
    const other = await makeUserWithToken();
    const me = new Client().withToken(u.access);

    const avatar = await me.raw.request("PATCH", `/user/api/update/${u.id}/`, {
      body: upload("profile_pic", "me.jpg", JPEG_BYTES),
    });
    expect(avatar.status).toBe(200);
    const bannerPost = await me.raw.request("POST", "/api/posts/", {
      body: (() => {
        const form = upload("post_banner", "b.png", PNG_BYTES);
        form.append("post_title", "with banner");
        return form;
      })(),
    });
    expect(bannerPost.status).toBe(201);
    const reel = await makePost(u.id, { postType: "reel" });
    const video = await makePost(u.id, { postType: "video" });
    const keys = [
      ...(await attachMedia({ userBanner: u.id })),
      ...(await attachMedia({ postFiles: reel.id })),
      ...(await attachMedia({ postFiles: video.id })),
    ];
    const row = (await testDeps().db.select().from(users).where(eq(users.id, u.id)).get())!;
    const postRow = (await testDeps().db.select().from(posts).where(eq(posts.id, bannerPost.body.id)).get())!;
    keys.push(row.avatarKey!, postRow.bannerKey!);
    for (const key of keys) expect(await env.MEDIA.head(key)).not.toBeNull();

    // What hangs off the account: its likes and comments (on its own and on others' posts), follows both ways, notifications.
    const othersPost = await makePost(other.id);
    await likeAndComment(u.id, othersPost.id);
    await likeAndComment(other.id, reel.id);
    await likeAndComment(u.id, reel.id);
    expect(
      (await new Client().withToken(u.access).post("/user/profile/follow/", { user_id: other.id })).status,
    ).toBe(200);
    expect(
      (await new Client().withToken(other.access).post("/user/profile/follow/", { user_id: u.id })).status,
    ).toBe(200);
    const deps = testDeps();
    notifyLater(deps, { userId: u.id, message: "hello", type: "general" });
    await deps.settle();
    const socket = await openStream(u.access);

    const res = await me.delete(`/api/v1/users/${u.username}`);
    expectStatus(res, 204);
    expect(res.text).toBe("");

    const db = testDeps().db;
    expect(await exists(u.id)).toBe(false);
    await purgeAll();
    expect(await db.select().from(users).where(eq(users.id, u.id))).toEqual([]);
    expect(await db.select().from(posts).where(eq(posts.createdBy, u.id))).toEqual([]);
    expect(
      await db
        .select()
        .from(postLikes)
        .where(or(eq(postLikes.userId, u.id), eq(postLikes.postId, reel.id))),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(comments)
        .where(or(eq(comments.userId, u.id), eq(comments.postId, reel.id))),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(follows)
        .where(or(eq(follows.followerId, u.id), eq(follows.followeeId, u.id))),
    ).toEqual([]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, u.id))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, u.id))).toEqual([]);
    // The like it gave leaves the other user's counter with its row.
    expect((await db.select().from(posts).where(eq(posts.id, othersPost.id)).get())!.likeCount).toBe(0);
    expect((await db.select().from(comments).where(eq(comments.userId, other.id))).length).toBe(0);

    await gone(keys);
    expect(await socket.whenClosed()).toMatchObject({ code: SESSION_ENDED });
    expect((await me.get("/user/api/profile/")).status).toBe(401);
    expect((await new Client().get(`/api/v1/users/${u.username}`)).body).toEqual(NO_USER);
  });

  it("a manager or an admin may delete anyone, hidden accounts included", async () => {
    const manager = await makeUserWithToken();
    await adminUpdate(manager.id, { isManager: true });
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    for (const actor of [manager, admin]) {
      const target = await makeUser();
      const keys = await attachMedia({ userBanner: target.id });
      const res = await new Client().withToken(actor.access).delete(`/api/v1/users/${target.username}`);
      expectStatus(res, 204);
      expect(res.text).toBe("");
      expect(await exists(target.id)).toBe(false);
      await gone(keys);
    }
    const hidden = await makeUser();
    await deactivate(hidden.id);
    expectStatus(
      await new Client().withToken(manager.access).delete(`/api/v1/users/${hidden.username}`),
      204,
    );
    expect(await exists(hidden.id)).toBe(false);
  });

  it("anyone else signed in, editors included: 403 not enough permissions, and nothing is deleted", async () => {
    const target = await makeUser();
    const keys = await attachMedia({ userBanner: target.id });
    const other = await makeUserWithToken();
    const editor = await makeUserWithToken();
    await adminUpdate(editor.id, { isEditor: true, advancedUser: true });
    for (const actor of [other, editor]) {
      const res = await new Client().withToken(actor.access).delete(`/api/v1/users/${target.username}`);
      expectStatus(res, 403);
      expect(res.body).toEqual(NOT_ENOUGH);
    }
    expect(await exists(target.id)).toBe(true);
    expect(await env.MEDIA.head(keys[0]!)).not.toBeNull();
  });

  it("anonymous or a forged token: 403 in DRF's words, as session authentication first answers it", async () => {
    const target = await makeUser();
    const anonymous = await new Client().raw.delete(`/api/v1/users/${target.username}`);
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toEqual(NO_CREDENTIALS);
    const forged = await new Client()
      .withToken("eyJhbGciOiJIUzI1NiJ9.e30.forged")
      .raw.delete(`/api/v1/users/${target.username}`);
    expect(forged.status).toBe(403);
    expect(forged.body).toEqual(NO_CREDENTIALS);
    expect(await exists(target.id)).toBe(true);
  });

  it("a manager may not delete an admin; an admin may; someone else's deletion is on the audit log", async () => {
    const manager = await makeUserWithToken();
    await adminUpdate(manager.id, { isManager: true });
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const otherAdmin = await makeUser({ groups: ["visitor", "admin"] });
    const refused = await new Client()
      .withToken(manager.access)
      .delete(`/api/v1/users/${otherAdmin.username}`);
    expectStatus(refused, 403);
    expect(refused.body).toEqual(NOT_ENOUGH);
    expect(await exists(otherAdmin.id)).toBe(true);
    expect(await auditRows(otherAdmin.id)).toEqual([]);

    expectStatus(
      await new Client().withToken(admin.access).delete(`/api/v1/users/${otherAdmin.username}`),
      204,
    );
    expect(await exists(otherAdmin.id)).toBe(false);
    const target = await makeUser();
    expectStatus(
      await new Client().withToken(manager.access).delete(`/api/v1/users/${target.username}`),
      204,
    );
    expect(await auditRows(otherAdmin.id)).toEqual([{ actor_id: admin.id, action: "user.delete" }]);
    expect(await auditRows(target.id)).toEqual([{ actor_id: manager.id, action: "user.delete" }]);
    const self = await makeUserWithToken();
    expectStatus(await new Client().withToken(self.access).delete(`/api/v1/users/${self.username}`), 204);
    expect(await auditRows(self.id)).toEqual([]);
  });

  it("an unknown user, or a hidden one to someone who may not delete it: 404 user does not exist", async () => {
    const caller = await makeUserWithToken();
    const unknown = await new Client()
      .withToken(caller.access)
      .delete(`/api/v1/users/${uniqueName("nobody")}`);
    expectStatus(unknown, 404);
    expect(unknown.body).toEqual(NO_USER);
    const banned = await makeUser();
    await adminUpdate(banned.id, { isBanned: true });
    const hidden = await new Client().withToken(caller.access).delete(`/api/v1/users/${banned.username}`);
    expectStatus(hidden, 404);
    expect(hidden.body).toEqual(NO_USER);
    expect(await exists(banned.id)).toBe(true);
  });

  it("finds the account by its case-folded username, `@ . + - _` included, with or without the trailing slash", async () => {
    const a = await makeUserWithToken({
      username: `${uniqueName("Del")}.a@b+c-d`,
      email: `${uniqueName("del")}@example.com`,
    });
    const res = await new Client()
      .withToken(a.access)
      .raw.delete(`/api/v1/users/${encodeURIComponent(a.username.toLowerCase())}/`);
    expect(res.status).toBe(204);
    expect(await exists(a.id)).toBe(false);
  });

  it("a second delete of the same account is a 403: its credentials died with it", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const [first, second] = [
      await client.delete(`/api/v1/users/${u.username}`),
      await client.delete(`/api/v1/users/${u.username}`),
    ];
    expect(first.status).toBe(204);
    expect(second.status).toBe(403);
    expect(second.body).toEqual(NO_CREDENTIALS);
  });
});

// A ban hides the account from everyone else, everywhere a deactivation does (issue 8, finding 8).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makeUser, makeUserWithToken, setScore, uniqueName } from "../helpers/factories";
import { loggedInGameUser } from "../helpers/game";
import { mailsTo } from "../helpers/outbox";

/** Bans through the admin API, as an admin would. */
async function ban(userId: number) {
  const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
  const res = await new Client()
    .withToken(admin.access)
    .patch(`/api/admin/users/${userId}/`, { is_banned: true });
  expect(res.status, res.text).toBe(200);
}

const notificationsOf = (userId: number) =>
  env.DB.prepare("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND notification_type = 'follow'")
    .bind(userId)
    .first("n");

describe("GET /users/leaderboard/", () => {
  it("leaves out a banned user", async () => {
    const banned = await makeUser();
    await setScore(banned.id, 2_000_000_010);
    expect(
      (await new Client().get("/users/leaderboard/?limit=10")).body.some(
        (e: { id: number }) => e.id === banned.id,
      ),
    ).toBe(true);
    await ban(banned.id);
    const res = await new Client().get("/users/leaderboard/?limit=5");
    expect(res.status).toBe(200);
    expect(res.body.find((e: { id: number }) => e.id === banned.id)).toBeUndefined();
  });
});

describe("POST /user/profile/follow/", () => {
  it("404 User not found. for a banned user, who is not notified", async () => {
    const me = await makeUserWithToken();
    const banned = await makeUser();
    await ban(banned.id);
    const res = await new Client().withToken(me.access).post("/user/profile/follow/", { user_id: banned.id });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "User not found." });
    expect(
      await env.DB.prepare("SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?")
        .bind(me.id, banned.id)
        .first(),
    ).toBeNull();
    expect(await notificationsOf(banned.id)).toBe(0);
  });
});

describe("POST /user/profile/block/", () => {
  it("404 User not found. for a banned user", async () => {
    const me = await makeUserWithToken();
    const banned = await makeUser();
    await ban(banned.id);
    const res = await new Client().withToken(me.access).post("/user/profile/block/", { user_id: banned.id });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "User not found." });
    expect(
      await env.DB.prepare("SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?")
        .bind(me.id, banned.id)
        .first(),
    ).toBeNull();
  });
});

describe("POST /user/forgot-password/ and /user/reset-password-confirm/", () => {
  it("a banned user's email is answered as an unknown one, and nothing is sent", async () => {
    const banned = await makeUser();
    await ban(banned.id);
    const res = await new Client().post("/user/forgot-password/", { email: banned.email });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ email: ["No account with this email."] });
    expect(await mailsTo(banned.email)).toEqual([]);
    const confirm = await new Client().post("/user/reset-password-confirm/", {
      email: banned.email,
      code: "123456",
      new_password: "Fresh-start-2026",
    });
    expect(confirm.status).toBe(400);
    expect(confirm.body).toEqual({ detail: "Invalid or expired reset code." });
  });
});

describe("POST /api/parent/request-otp/ and /api/parent/verify-otp/", () => {
  it("a banned child is answered as a missing one, and nothing is sent", async () => {
    const child = await makeUser();
    await ban(child.id);
    const parent = `${uniqueName("parent")}@example.com`;
    const res = await new Client().post("/api/parent/request-otp/", {
      child_id: child.id,
      parent_email: parent,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ child_id: [`Invalid pk "${child.id}" - object does not exist.`] });
    expect(await mailsTo(parent)).toEqual([]);
    const verify = await new Client().post("/api/parent/verify-otp/", {
      child_id: child.id,
      parent_email: parent,
      otp_code: "123456",
    });
    expect(verify.status).toBe(400);
    expect(verify.body).toEqual({ child_id: [`Invalid pk "${child.id}" - object does not exist.`] });
  });
});

describe("GET /users/<id>/", () => {
  it("another user hears the same 403 for a banned account as for any other id", async () => {
    const { client } = await loggedInGameUser();
    const banned = await makeUser();
    await ban(banned.id);
    const res = await client.get(`/users/${banned.id}/`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual((await client.get("/users/99999999/")).body);
  });
});

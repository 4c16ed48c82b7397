// DESIGN.md, Storage roles: GET /api/notifications/stream, one UserHub per user.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../src/db/schema";
import { SESSION_ENDED } from "../../src/realtime/user-hub";
import { UntypedClient as Client } from "../helpers/client";
import { makeUserWithToken, notifyLater, testDeps, tokenFor } from "../helpers/factories";
import { loggedInGameUser } from "../helpers/game";
import { eventually } from "../helpers/eventually";
import { notifyNow } from "../helpers/notifications";
import { openStream, upgrade, StreamSocket } from "../helpers/ws";

const NOT_AUTH = { detail: "Authentication credentials were not provided." };
const isNotification = (id: number) => (f: { event: string; payload?: Record<string, unknown> }) =>
  f.event === "notification" && f.payload?.id === id;

describe("GET /api/notifications/stream: connecting", () => {
  it("101 upgrades an authenticated request; the hub says ready", async () => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    expect(socket.frames).toEqual([{ event: "ready" }]);
    socket.close();
  });

  it("accepts the session cookie", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await upgrade("/api/notifications/stream", {
      Cookie: `sessionid=${client.cookies.get("sessionid")}`,
    });
    expect(res.status).toBe(101);
    const socket = new StreamSocket(res.webSocket!);
    await socket.ready();
    const n = await notifyNow(user.id);
    await socket.frame(isNotification(n.id));
    socket.close();
  });

  it("accepts ?token= as a last resort, for browsers", async () => {
    const u = await makeUserWithToken();
    const res = await upgrade(`/api/notifications/stream?token=${encodeURIComponent(u.access)}`);
    expect(res.status).toBe(101);
    new StreamSocket(res.webSocket!).close();
  });

  it("401 without credentials, or with a bad token in the query", async () => {
    for (const path of ["/api/notifications/stream", "/api/notifications/stream?token=not-a-jwt"]) {
      const res = await upgrade(path);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(NOT_AUTH);
    }
  });

  it("403 for a cookie socket opened by another site's page (cross-site WebSocket hijacking)", async () => {
    const { client } = await loggedInGameUser();
    const res = await upgrade("/api/notifications/stream", {
      Cookie: `sessionid=${client.cookies.get("sessionid")}`,
      Origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
  });

  it("426 for a plain GET", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).get("/api/notifications/stream");
    expect(res.status).toBe(426);
    expect(res.body).toEqual({ detail: "Expected a WebSocket upgrade." });
  });

  it.each(["abc", "-1", "1.5", "", "1e3", "99999999999999999999"])("400 for since=%s", async (since) => {
    const u = await makeUserWithToken();
    const res = await upgrade(`/api/notifications/stream?since=${since}`, {
      Authorization: `Bearer ${u.access}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ since: ["A valid integer is required."] });
  });
});

describe("GET /api/notifications/stream: delivery", () => {
  it("pushes a notification made by the domain verb, with the list's fields", async () => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    const n = await notifyNow(u.id, {
      type: "like",
      message: "bob liked your post.",
      page: "post",
      pageItemId: 12,
    });
    const frame = await socket.frame(isNotification(n.id));
    expect(frame).toEqual({
      event: "notification",
      payload: {
        id: n.id,
        message: "bob liked your post.",
        created_at: n.createdAt.toISOString(),
        is_read: false,
        page: "post",
        page_item_id: 12,
        notification_type: "like",
      },
    });
    const listed = await new Client().withToken(u.access).get("/api/notifications/");
    expect(listed.body[0]).toEqual(frame.payload);
    socket.close();
  });

  it("pushes the follow notification of POST /user/profile/follow/ to every device of the followed user", async () => {
    const target = await makeUserWithToken();
    const secondDevice = await tokenFor(target.username, target.password);
    const follower = await makeUserWithToken();
    const phone = await openStream(target.access);
    const laptop = await openStream(secondDevice.access);
    const res = await new Client()
      .withToken(follower.access)
      .post("/user/profile/follow/", { user_id: target.id });
    expect(res.status).toBe(200);
    const isFollow = (f: { event: string; payload?: Record<string, unknown> }) =>
      f.event === "notification" && f.payload?.notification_type === "follow";
    for (const socket of [phone, laptop]) {
      const frame = await socket.frame(isFollow);
      expect(frame.payload).toMatchObject({
        message: `${follower.username} started following you.`,
        notification_type: "follow",
        is_read: false,
      });
      socket.close();
    }
  });

  it("never pushes to another user's sockets", async () => {
    const u = await makeUserWithToken();
    const other = await makeUserWithToken();
    const socket = await openStream(other.access);
    await notifyNow(u.id);
    const mine = await notifyNow(other.id);
    await socket.frame(isNotification(mine.id));
    expect(socket.notifications().map((p) => p.id)).toEqual([mine.id]);
    socket.close();
  });

  it("honours preferences at delivery: a hidden type is recorded but not pushed", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    await client.patch("/api/notifications/preferences/", { follow_notifications: false });
    const socket = await openStream(u.access);
    const hidden = await notifyNow(u.id, { type: "follow" });
    const shown = await notifyNow(u.id, { type: "general" });
    await socket.frame(isNotification(shown.id));
    expect(socket.notifications().map((p) => p.id)).toEqual([shown.id]);
    await client.patch("/api/notifications/preferences/", { follow_notifications: true });
    expect((await client.get("/api/notifications/")).body.map((n: { id: number }) => n.id)).toEqual([
      shown.id,
      hidden.id,
    ]);
    socket.close();
  });

  it("tells every device the unread count after mark-read and mark-all-read", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const a = await notifyNow(u.id);
    await notifyNow(u.id);
    await notifyNow(u.id);
    const phone = await openStream(u.access);
    const laptop = await openStream((await tokenFor(u.username, u.password)).access);
    expect((await client.post(`/api/notifications/${a.id}/mark-read/`)).status).toBe(200);
    for (const s of [phone, laptop])
      expect(await s.frame((f) => f.event === "unread")).toEqual({ event: "unread", count: 2 });
    expect((await client.post("/api/notifications/mark-all-read/")).status).toBe(200);
    for (const s of [phone, laptop]) await s.frame((f) => f.event === "unread" && f.count === 0);
    phone.close();
    laptop.close();
  });

  it("replays what a reconnecting device missed after `since`, oldest first, then goes live", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    await client.patch("/api/notifications/preferences/", { likes_notifications: false });
    const seen = await notifyNow(u.id);
    const missed1 = await notifyNow(u.id, { type: "follow" });
    await notifyNow(u.id, { type: "like" });
    const missed2 = await notifyNow(u.id, { type: "comment" });
    const socket = await openStream(u.access, `?since=${seen.id}`);
    expect(socket.frames.map((f) => f.event)).toEqual(["notification", "notification", "ready"]);
    expect(socket.notifications().map((p) => p.id)).toEqual([missed1.id, missed2.id]);
    const live = await notifyNow(u.id);
    await socket.frame(isNotification(live.id));
    expect(socket.notifications().map((p) => p.id)).toEqual([missed1.id, missed2.id, live.id]);
    socket.close();
  });

  it("a notification racing the replay reaches the device exactly once", async () => {
    const u = await makeUserWithToken();
    const base = await notifyNow(u.id);
    const deps = testDeps();
    const opening = openStream(u.access, `?since=${base.id}`);
    for (let i = 0; i < 5; i++) notifyLater(deps, { userId: u.id, message: `race ${i}`, type: "general" });
    const socket = await opening;
    await deps.settle();
    const ids = await eventually(async () => {
      const got = socket.notifications().map((p) => p.id as number);
      return got.length >= 5 && got;
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(5);
    socket.close();
  });

  it("a trigger failure never fails its caller: the record stays, the hub error is swallowed", async () => {
    const u = await makeUserWithToken();
    const deps = testDeps();
    deps.hub = {
      notification: () => Promise.reject(new Error("hub down")),
      unread: () => Promise.reject(new Error("hub down")),
      chat: () => Promise.reject(new Error("hub down")),
      closeEndedSessions: () => Promise.reject(new Error("hub down")),
    };
    expect(() =>
      notifyLater(deps, { userId: u.id, message: "still recorded", type: "general" }),
    ).not.toThrow();
    notifyLater(deps, { userId: 2 ** 31, message: "no such user: the insert fails", type: "general" });
    await expect(deps.settle()).resolves.toBeDefined();
    const list = await new Client().withToken(u.access).get("/api/notifications/");
    expect(list.body.map((n: { message: string }) => n.message)).toEqual(["still recorded"]);
  });
});

describe("GET /api/notifications/stream: ended sessions", () => {
  it("logging out closes that session's sockets and no other", async () => {
    const u = await makeUserWithToken();
    const other = await tokenFor(u.username, u.password);
    const loggingOut = await openStream(u.access);
    const staying = await openStream(other.access);
    expect((await new Client().withToken(u.access).post("/users/logout/")).status).toBe(200);
    expect(await loggingOut.whenClosed()).toMatchObject({ code: SESSION_ENDED });
    const n = await notifyNow(u.id);
    await staying.frame(isNotification(n.id));
    expect(staying.closed).toBeUndefined();
    staying.close();
  });

  it("a password change closes every socket of the user", async () => {
    const { user, client } = await loggedInGameUser();
    const sockets = [
      await openStream((await tokenFor(user.username, user.password)).access),
      await openStream((await tokenFor(user.username, user.password)).access),
    ];
    const NEW = "Brand-new-pass-42";
    expect(
      (
        await client.post(`/users/${user.id}/password/`, {
          old_password: user.password,
          new_password1: NEW,
          new_password2: NEW,
        })
      ).status,
    ).toBe(200);
    for (const s of sockets) expect(await s.whenClosed()).toMatchObject({ code: SESSION_ENDED });
  });

  it("a password change keeps the sockets of the session that made it", async () => {
    const u = await makeUserWithToken();
    const staying = await openStream(u.access);
    const leaving = await openStream((await tokenFor(u.username, u.password)).access);
    const res = await new Client()
      .withToken(u.access)
      .put("/user/change-password/", { old_password: u.password, new_password: "Brand-new-pass-42" });
    expect(res.status).toBe(200);
    expect(await leaving.whenClosed()).toMatchObject({ code: SESSION_ENDED });
    const n = await notifyNow(u.id);
    await staying.frame(isNotification(n.id));
    expect(staying.closed).toBeUndefined();
    staying.close();
  });

  it("deactivation and an admin ban close the user's sockets", async () => {
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const banned = await makeUserWithToken();
    const bannedSocket = await openStream(banned.access);
    await new Client().withToken(admin.access).patch(`/api/admin/users/${banned.id}/`, { is_banned: true });
    expect(await bannedSocket.whenClosed()).toMatchObject({ code: SESSION_ENDED });

    const leaving = await makeUserWithToken();
    const leavingSocket = await openStream(leaving.access);
    const res = await new Client()
      .withToken(leaving.access)
      .patch(`/users/${leaving.id}/`, { deactivate: true });
    expect(res.status).toBe(200);
    expect(await leavingSocket.whenClosed()).toMatchObject({ code: SESSION_ENDED });

    const pausing = await makeUserWithToken();
    const pausingSocket = await openStream(pausing.access);
    expect(
      (await new Client().withToken(pausing.access).patch(`/user/api/deactivate/${pausing.id}/`)).status,
    ).toBe(200);
    expect(await pausingSocket.whenClosed()).toMatchObject({ code: SESSION_ENDED });
  });

  it("a session ended by a path that does not tell the hub gets nothing more: the next push closes it", async () => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    // Below the verbs on purpose: every verb that ends a session tells the hub.
    await testDeps().db.delete(sessions).where(eq(sessions.id, u.sessionId));
    await notifyNow(u.id);
    expect(await socket.whenClosed()).toMatchObject({ code: SESSION_ENDED });
    expect(socket.notifications()).toEqual([]);
  });

  it("the hub's periodic re-check closes it too", async () => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    // As above: a session gone without the hub being told.
    await testDeps().db.delete(sessions).where(eq(sessions.id, u.sessionId));
    const { runDurableObjectAlarm } = await import("cloudflare:test");
    expect(await runDurableObjectAlarm(env.USER_HUB.getByName(String(u.id)))).toBe(true);
    expect(await socket.whenClosed()).toMatchObject({ code: SESSION_ENDED });
  });
});

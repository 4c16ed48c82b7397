// seed 004 §9 Notifications: list, mark read, preferences.
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../../helpers/client";
import { makeUserWithToken } from "../../helpers/factories";
import { loggedInGameUser } from "../../helpers/game";
import { notifyNow } from "../../helpers/notifications";

const NOT_AUTH = { detail: "Authentication credentials were not provided." };
const NOT_FOUND = { detail: "Not found." };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const DEFAULTS = {
  all_notifications: true,
  email_notifications: true,
  push_notifications: true,
  follow_notifications: true,
  likes_notifications: true,
  comments_notifications: true,
  new_events_notifications: true,
  event_reminders_notifications: true,
};

async function userClient() {
  const u = await makeUserWithToken();
  return { u, client: new Client().withToken(u.access) };
}

const types = (body: { notification_type: string }[]) => body.map((n) => n.notification_type);

describe("GET /api/notifications/", () => {
  it("200 lists the user's notifications, newest first, with exactly the documented fields", async () => {
    const { u, client } = await userClient();
    const first = await notifyNow(u.id, {
      message: `Welcome ${u.username}! Your account has been successfully created.`,
      page: "profile",
    });
    const second = await notifyNow(u.id, {
      type: "follow",
      message: "jane started following you.",
      page: "profile",
      pageItemId: 7,
    });
    const res = await client.get("/api/notifications/");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: second.id,
        message: "jane started following you.",
        created_at: expect.stringMatching(ISO),
        is_read: false,
        page: "profile",
        page_item_id: 7,
        notification_type: "follow",
      },
      {
        id: first.id,
        message: `Welcome ${u.username}! Your account has been successfully created.`,
        created_at: first.createdAt.toISOString(),
        is_read: false,
        page: "profile",
        page_item_id: null,
        notification_type: "general",
      },
    ]);
  });

  it("200 [] for a user without notifications, and never another user's", async () => {
    const { client } = await userClient();
    const other = await makeUserWithToken();
    await notifyNow(other.id);
    const res = await client.get("/api/notifications/");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it("each type flag hides its own type; general stays until all_notifications is off", async () => {
    const { u, client } = await userClient();
    for (const type of ["general", "follow", "like", "comment", "new_event", "event_reminder"] as const)
      await notifyNow(u.id, { type });
    const all = ["event_reminder", "new_event", "comment", "like", "follow", "general"];
    expect(types((await client.get("/api/notifications/")).body)).toEqual(all);

    const flags = [
      ["follow_notifications", "follow"],
      ["likes_notifications", "like"],
      ["comments_notifications", "comment"],
      ["new_events_notifications", "new_event"],
      ["event_reminders_notifications", "event_reminder"],
    ] as const;
    for (const [flag, type] of flags) {
      expect((await client.patch("/api/notifications/preferences/", { [flag]: false })).status).toBe(200);
      expect(types((await client.get("/api/notifications/")).body)).toEqual(all.filter((t) => t !== type));
      await client.patch("/api/notifications/preferences/", { [flag]: true });
    }
    await client.patch("/api/notifications/preferences/", {
      email_notifications: false,
      push_notifications: false,
    });
    expect(types((await client.get("/api/notifications/")).body)).toEqual(all);

    await client.patch("/api/notifications/preferences/", { all_notifications: false });
    expect((await client.get("/api/notifications/")).body).toEqual([]);
  });

  it("a hidden notification is still recorded: it shows again when its type is switched back on", async () => {
    const { u, client } = await userClient();
    await client.patch("/api/notifications/preferences/", { likes_notifications: false });
    await notifyNow(u.id, { type: "like" });
    expect((await client.get("/api/notifications/")).body).toEqual([]);
    await client.patch("/api/notifications/preferences/", { likes_notifications: true });
    expect(types((await client.get("/api/notifications/")).body)).toEqual(["like"]);
  });

  it("caps the list at the newest 100 with a fixed number of D1 queries", async () => {
    const { u, client } = await userClient();
    await notifyNow(u.id);
    const one = await client.get("/api/notifications/");
    for (let i = 0; i < 104; i++) await notifyNow(u.id, { message: `n${i}` });
    const many = await client.get("/api/notifications/");
    expect(many.body).toHaveLength(100);
    expect(many.body[0].message).toBe("n103");
    expect(many.body[99].message).toBe("n4");
    expect(many.headers.get("X-D1-Queries")).toBe(one.headers.get("X-D1-Queries"));
    // 105 notifications written one at a time: room for a loaded machine.
  }, 60_000);

  it("401 without credentials", async () => {
    const res = await new Client().get("/api/notifications/");
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
  });
});

describe("POST /api/notifications/{id}/mark-read/", () => {
  it("200 marks it read", async () => {
    const { u, client } = await userClient();
    const n = await notifyNow(u.id);
    const other = await notifyNow(u.id);
    const res = await client.post(`/api/notifications/${n.id}/mark-read/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "notification marked as read" });
    const list = (await client.get("/api/notifications/")).body as { id: number; is_read: boolean }[];
    expect(list.map((x) => [x.id, x.is_read])).toEqual([
      [other.id, false],
      [n.id, true],
    ]);
    expect((await client.post(`/api/notifications/${n.id}/mark-read/`)).status).toBe(200);
  });

  it("404 for someone else's notification, which stays unread", async () => {
    const { client } = await userClient();
    const owner = await makeUserWithToken();
    const theirs = await notifyNow(owner.id);
    const res = await client.post(`/api/notifications/${theirs.id}/mark-read/`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
    const list = (await new Client().withToken(owner.access).get("/api/notifications/")).body;
    expect(list[0]).toMatchObject({ id: theirs.id, is_read: false });
  });

  it.each(["99999999", "abc", "1.5", "-1", "99999999999999999999999", "%00", "1%20OR%201=1"])(
    "404 for id %s",
    async (id) => {
      const { client } = await userClient();
      const res = await client.post(`/api/notifications/${id}/mark-read/`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    },
  );

  it("401 without credentials", async () => {
    const owner = await makeUserWithToken();
    const n = await notifyNow(owner.id);
    const res = await new Client().post(`/api/notifications/${n.id}/mark-read/`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
  });
});

describe("POST /api/notifications/mark-all-read/", () => {
  it("200 says how many were unread, and touches no one else's", async () => {
    const { u, client } = await userClient();
    const other = await makeUserWithToken();
    const read = await notifyNow(u.id);
    await notifyNow(u.id);
    await notifyNow(u.id, { type: "like" });
    await notifyNow(u.id, { type: "comment" });
    await notifyNow(other.id);
    await client.post(`/api/notifications/${read.id}/mark-read/`);

    const res = await client.post("/api/notifications/mark-all-read/");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "3 notifications marked as read" });
    expect(
      ((await client.get("/api/notifications/")).body as { is_read: boolean }[]).every((n) => n.is_read),
    ).toBe(true);
    expect((await client.post("/api/notifications/mark-all-read/")).body).toEqual({
      status: "0 notifications marked as read",
    });
    expect((await new Client().withToken(other.access).get("/api/notifications/")).body[0].is_read).toBe(
      false,
    );
  });

  it("401 without credentials", async () => {
    const res = await new Client().post("/api/notifications/mark-all-read/");
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
  });

  it("403 for a cookie-authenticated write from another site", async () => {
    const { user, client } = await loggedInGameUser();
    await notifyNow(user.id);
    const res = await client.post("/api/notifications/mark-all-read/", undefined, {
      headers: { Origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect((await client.raw.get("/api/notifications/")).body[0].is_read).toBe(false);
  });
});

describe("GET /api/notifications/preferences/", () => {
  it("200 creates the defaults, every flag on, on first read", async () => {
    const { u, client } = await userClient();
    const res = await client.get("/api/notifications/preferences/");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: u.id, ...DEFAULTS });
    expect((await client.get("/api/notifications/preferences/")).body).toEqual({ user: u.id, ...DEFAULTS });
  });

  it("401 without credentials", async () => {
    const res = await new Client().get("/api/notifications/preferences/");
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
  });
});

describe("PATCH /api/notifications/preferences/", () => {
  it("200 changes only the given flags and returns the whole object", async () => {
    const { u, client } = await userClient();
    const res = await client.patch("/api/notifications/preferences/", {
      email_notifications: false,
      comments_notifications: false,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: u.id,
      ...DEFAULTS,
      email_notifications: false,
      comments_notifications: false,
    });
    expect((await client.get("/api/notifications/preferences/")).body).toEqual(res.body);
  });

  it("all_notifications false turns every flag off, and they stay off until switched on again", async () => {
    const { u, client } = await userClient();
    const off = Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, false]));
    let res = await client.patch("/api/notifications/preferences/", {
      all_notifications: false,
      likes_notifications: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: u.id, ...off });
    res = await client.patch("/api/notifications/preferences/", { likes_notifications: true });
    expect(res.body).toEqual({ user: u.id, ...off });
    res = await client.patch("/api/notifications/preferences/", {
      all_notifications: true,
      likes_notifications: true,
    });
    expect(res.body).toEqual({ user: u.id, ...off, all_notifications: true, likes_notifications: true });
  });

  it("200 ignores read-only and unknown fields; an empty body changes nothing", async () => {
    const { u, client } = await userClient();
    const other = await makeUserWithToken();
    const res = await client.patch("/api/notifications/preferences/", {
      user: other.id,
      is_admin: true,
      push_notifications: false,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: u.id, ...DEFAULTS, push_notifications: false });
    expect((await client.patch("/api/notifications/preferences/", {})).body).toEqual(res.body);
    expect((await new Client().withToken(other.access).get("/api/notifications/preferences/")).body).toEqual({
      user: other.id,
      ...DEFAULTS,
    });
  });

  it.each([["yes"], [1], [null], [[true]], [{}]])("400 for a non-boolean flag: %j", async (value) => {
    const { client } = await userClient();
    const res = await client.patch("/api/notifications/preferences/", {
      likes_notifications: value,
      follow_notifications: false,
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(["likes_notifications"]);
    expect(res.body.likes_notifications).toHaveLength(1);
    expect((await client.get("/api/notifications/preferences/")).body.follow_notifications).toBe(true);
  });

  it("400 for a wrong type states DRF's message", async () => {
    const { client } = await userClient();
    const res = await client.patch("/api/notifications/preferences/", { all_notifications: "maybe" });
    expect(res.body).toEqual({ all_notifications: ["Must be a valid boolean."] });
  });

  it("400 for malformed JSON or a body that is not an object", async () => {
    const { client } = await userClient();
    const headers = { "Content-Type": "application/json" };
    const malformed = await client.request("PATCH", "/api/notifications/preferences/", {
      body: '{"all_notifications": fal',
      headers,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ detail: "Malformed request body." });
    const list = await client.patch("/api/notifications/preferences/", [true]);
    expect(list.status).toBe(400);
  });

  it("401 without credentials, whatever the body", async () => {
    const res = await new Client().patch("/api/notifications/preferences/", { all_notifications: "nope" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
  });
});

describe("/api/notifications/ unknown paths", () => {
  it("404 in DRF's envelope", async () => {
    const { client } = await userClient();
    for (const path of [
      "/api/notifications/nope/",
      "/api/notifications/1/",
      "/api/notifications/1/mark-unread/",
    ]) {
      const res = await client.get(path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    }
  });
});

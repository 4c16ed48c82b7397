import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../../helpers/client";
import { makeUser, makeUserWithToken } from "../../helpers/factories";
import { storedNotifications } from "../../helpers/notifications";

const follows = (a: number, b: number) =>
  env.DB.prepare("SELECT 1 AS f FROM follows WHERE follower_id = ? AND followee_id = ?").bind(a, b).first();

describe("POST /user/profile/follow/", () => {
  it("toggles: followed, then unfollowed, with the documented messages", async () => {
    const me = await makeUserWithToken();
    const jane = await makeUser();
    const client = new Client().withToken(me.access);
    const first = await client.post("/user/profile/follow/", { user_id: jane.id });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ detail: `Successfully followed ${jane.username}.` });
    expect(await follows(me.id, jane.id)).not.toBeNull();
    const second = await client.post("/user/profile/follow/", { user_id: String(jane.id) });
    expect(second.body).toEqual({ detail: `Successfully unfollowed ${jane.username}.` });
    expect(await follows(me.id, jane.id)).toBeNull();
  });

  it("notifies the followed user", async () => {
    const me = await makeUserWithToken();
    const jane = await makeUser();
    await new Client().withToken(me.access).post("/user/profile/follow/", { user_id: jane.id });
    const note = (await storedNotifications(jane.id)).find((n) => n.notification_type === "follow");
    expect(note).toMatchObject({
      message: `${me.username} started following you.`,
      notification_type: "follow",
      page: "profile",
      page_item_id: me.id,
    });
    const stored = await env.DB.prepare(
      "SELECT event, actor_id, data, message FROM notifications WHERE user_id = ? AND notification_type = 'follow'",
    )
      .bind(jane.id)
      .first();
    expect(stored).toEqual({
      event: "follow",
      actor_id: me.id,
      data: JSON.stringify({ username: me.username }),
      message: "",
    });
  });

  it("400 for yourself, 404 for an unknown user, 400 for a bad id, 401 without credentials", async () => {
    const me = await makeUserWithToken();
    const client = new Client().withToken(me.access);
    const self = await client.post("/user/profile/follow/", { user_id: me.id });
    expect(self.status).toBe(400);
    expect(self.body).toEqual({ detail: "You cannot follow yourself." });
    const unknown = await client.post("/user/profile/follow/", { user_id: 99999999 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: "User not found." });
    for (const user_id of [undefined, "abc", -3, 1.5, { $gt: 0 }]) {
      const bad = await client.post("/user/profile/follow/", { user_id });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body)).toEqual(["user_id"]);
    }
    expect((await new Client().post("/user/profile/follow/", { user_id: me.id })).status).toBe(401);
  });

  it("404 when either side has blocked the other", async () => {
    const me = await makeUserWithToken();
    const jane = await makeUserWithToken();
    await new Client().withToken(jane.access).post("/user/profile/block/", { user_id: me.id });
    const res = await new Client().withToken(me.access).post("/user/profile/follow/", { user_id: jane.id });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "User not found." });
  });
});

describe("POST /user/profile/block/", () => {
  it("toggles, and blocking removes follows both ways", async () => {
    const me = await makeUserWithToken();
    const jane = await makeUserWithToken();
    await new Client().withToken(me.access).post("/user/profile/follow/", { user_id: jane.id });
    await new Client().withToken(jane.access).post("/user/profile/follow/", { user_id: me.id });
    const blocked = await new Client()
      .withToken(me.access)
      .post("/user/profile/block/", { user_id: jane.id });
    expect(blocked.status).toBe(200);
    expect(blocked.body).toEqual({ detail: `Successfully blocked ${jane.username}.` });
    expect(await follows(me.id, jane.id)).toBeNull();
    expect(await follows(jane.id, me.id)).toBeNull();
    const unblocked = await new Client()
      .withToken(me.access)
      .post("/user/profile/block/", { user_id: jane.id });
    expect(unblocked.body).toEqual({ detail: `Successfully unblocked ${jane.username}.` });
    expect(
      (await new Client().withToken(me.access).post("/user/profile/follow/", { user_id: jane.id })).status,
    ).toBe(200);
  });

  it("400 for yourself, 404 for an unknown user, 401 without credentials", async () => {
    const me = await makeUserWithToken();
    const client = new Client().withToken(me.access);
    expect((await client.post("/user/profile/block/", { user_id: me.id })).body).toEqual({
      detail: "You cannot block yourself.",
    });
    expect((await client.post("/user/profile/block/", { user_id: 99999999 })).status).toBe(404);
    expect((await new Client().post("/user/profile/block/", { user_id: me.id })).status).toBe(401);
  });
});

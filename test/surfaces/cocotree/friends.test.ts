import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import {
  adminUpdate,
  befriend,
  block,
  deactivate,
  makeUserWithToken,
  sendFriendRequestAs,
} from "../../helpers/factories";
import { storedNotifications } from "../../helpers/notifications";

const as = (u: { access: string }) => new Client().withToken(u.access);
const count = async (sql: string, ...binds: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;

describe("POST /users/friends/request/", () => {
  it("sends a request, once however often it is sent, and notifies the recipient", async () => {
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    for (let i = 0; i < 2; i++) {
      const res = await as(a).post("/users/friends/request/", { id: b.id });
      expectStatus(res, 200);
      expect(res.body).toEqual({
        code: 0,
        payload: { message: "Friend request sent successfully", auto_accepted: false },
      });
    }
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM friend_requests WHERE from_user_id = ? AND to_user_id = ?",
        a.id,
        b.id,
      ),
    ).toBe(1);
    const notes = await storedNotifications(b.id);
    expect(notes.filter((n) => n.message === `${a.username} sent you a friend request.`)).toHaveLength(1);
  });

  it("accepts at once a request the other user already sent me", async () => {
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await sendFriendRequestAs(b.id, a.id);
    const res = await as(a).post("/users/friends/request/", { id: b.id });
    expectStatus(res, 200);
    expect(res.body).toEqual({
      code: 0,
      payload: { message: "Friend request sent successfully", auto_accepted: true },
    });
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM friendships WHERE (user_id = ?1 AND friend_id = ?2) OR (user_id = ?2 AND friend_id = ?1)",
        a.id,
        b.id,
      ),
    ).toBe(2);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM chats WHERE pair_key = ?",
        `${Math.min(a.id, b.id)}:${Math.max(a.id, b.id)}`,
      ),
    ).toBe(1);
    expect(
      (await storedNotifications(b.id)).some(
        (n) => n.message === `${a.username} accepted your friend request.`,
      ),
    ).toBe(true);
  });

  it("two crossing requests sent at once make one friendship and one chat", async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
      const replies = await Promise.all([
        as(a).post("/users/friends/request/", { id: b.id }),
        as(b).post("/users/friends/request/", { id: a.id }),
      ]);
      for (const r of replies) expect(r.status, r.text).toBe(200);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM friendships WHERE (user_id = ?1 AND friend_id = ?2) OR (user_id = ?2 AND friend_id = ?1)",
          a.id,
          b.id,
        ),
      ).toBe(2);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM chats WHERE pair_key = ?",
          `${Math.min(a.id, b.id)}:${Math.max(a.id, b.id)}`,
        ),
      ).toBe(1);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM chat_members m JOIN chats c ON c.id = m.chat_id WHERE c.pair_key = ?",
          `${Math.min(a.id, b.id)}:${Math.max(a.id, b.id)}`,
        ),
      ).toBe(2);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM friend_requests WHERE status = 'pending' AND ((from_user_id = ?1 AND to_user_id = ?2) OR (from_user_id = ?2 AND to_user_id = ?1))",
          a.id,
          b.id,
        ),
      ).toBe(0);
    }
  });

  it("to myself is 400 code 1", async () => {
    const a = await makeUserWithToken();
    const res = await as(a).post("/users/friends/request/", { id: a.id });
    expectStatus(res, 400);
    expect(res.body).toEqual({ code: 1, error: "Cannot send friend request to yourself" });
  });

  it("to a friend is 400 code 3", async () => {
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(a.id, b.id);
    const res = await as(a).post("/users/friends/request/", { id: b.id });
    expectStatus(res, 400);
    expect(res.body).toEqual({ code: 3, error: "Already friends with this user" });
  });

  it("to an unknown user, or across a block either way, is 404 code 2", async () => {
    const [a, b, c] = await Promise.all([makeUserWithToken(), makeUserWithToken(), makeUserWithToken()]);
    await block(b.id, a.id);
    await block(a.id, c.id);
    for (const id of [999_999_999, b.id, c.id]) {
      const res = await as(a).post("/users/friends/request/", { id });
      expectStatus(res, 404);
      expect(res.body).toEqual({ code: 2, error: "User not found" });
    }
  });

  it("refuses hostile bodies in the envelope", async () => {
    const a = await makeUserWithToken();
    const client = as(a).raw;
    for (const body of [{ id: "abc" }, { id: [1] }, { id: "9".repeat(10_000) }, {}, { id: 1.5 }]) {
      const res = await client.post("/users/friends/request/", body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.code).toBe(1);
      expect(res.body.payload).toHaveProperty("id");
    }
    const malformed = await client.request("POST", "/users/friends/request/", {
      body: "{",
      headers: { "Content-Type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ code: 1, error: "Malformed request body." });
    const missing = await client.post("/users/friends/request/", { id: Number.MAX_SAFE_INTEGER });
    expect(missing.status).toBe(404);
  });

  it("needs credentials", async () => {
    const res = await new Client().post("/users/friends/request/", { id: 1 });
    expectStatus(res, 401);
    expect(res.body).toEqual({ code: 1, error: "Authentication credentials were not provided." });
  });
});

describe("POST /users/friends/respond/{requestId}/", () => {
  async function pending() {
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await sendFriendRequestAs(a.id, b.id);
    const sent = await as(a).get("/users/friends/sent_requests/");
    expectStatus(sent, 200);
    return { a, b, requestId: sent.body.payload.pending[0]!.id };
  }

  it("accepting makes us friends, with a private chat, and notifies the sender", async () => {
    const { a, b, requestId } = await pending();
    const res = await as(b).post(`/users/friends/respond/${requestId}/`, { response: "accept" });
    expectStatus(res, 200);
    expect(res.body).toEqual({ code: 0, payload: { message: "Friend request accepted" } });
    const friends = await as(a).get("/users/search_friends/");
    expectStatus(friends, 200);
    expect(friends.body.payload.friends).toEqual([
      { id: b.id, username: b.username, profile_picture: null, group: "Default" },
    ]);
    const chats = await as(b).get("/chat/chatlist/");
    expectStatus(chats, 200);
    expect(chats.body.payload.chats).toEqual([
      expect.objectContaining({ chat_name: a.username, private: true, unread_messages_count: 0 }),
    ]);
    expect(
      (await storedNotifications(a.id)).some(
        (n) => n.message === `${b.username} accepted your friend request.`,
      ),
    ).toBe(true);
  });

  it("two acceptances at once make one friendship and one chat", async () => {
    const { a, b, requestId } = await pending();
    const replies = await Promise.all(
      [1, 2, 3].map(() => as(b).post(`/users/friends/respond/${requestId}/`, { response: "accept" })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 404, 404]);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM friendships WHERE (user_id = ?1 AND friend_id = ?2) OR (user_id = ?2 AND friend_id = ?1)",
        a.id,
        b.id,
      ),
    ).toBe(2);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM chats WHERE pair_key = ?",
        `${Math.min(a.id, b.id)}:${Math.max(a.id, b.id)}`,
      ),
    ).toBe(1);
    expect(
      (await storedNotifications(a.id)).filter(
        (n) => n.message === `${b.username} accepted your friend request.`,
      ),
    ).toHaveLength(1);
  });

  it("rejecting leaves no friendship, and the request is answered", async () => {
    const { a, b, requestId } = await pending();
    const res = await as(b).post(`/users/friends/respond/${requestId}/`, { response: "reject" });
    expectStatus(res, 200);
    expect(res.body).toEqual({ code: 0, payload: { message: "Friend request rejected" } });
    expect(await count("SELECT COUNT(*) AS n FROM friendships WHERE user_id = ?", a.id)).toBe(0);
    const again = await as(b).post(`/users/friends/respond/${requestId}/`, { response: "accept" });
    expectStatus(again, 404);
    expect(again.body).toEqual({ code: 2, error: "Request not found" });
  });

  it("only the recipient may answer; an unknown id is the same 404", async () => {
    const { a, requestId } = await pending();
    const stranger = await makeUserWithToken();
    for (const [who, id] of [
      [a, requestId],
      [stranger, requestId],
      [a, 999_999_999],
    ] as const) {
      const res = await as(who).post(`/users/friends/respond/${id}/`, { response: "accept" });
      expectStatus(res, 404);
      expect(res.body).toEqual({ code: 2, error: "Request not found" });
    }
  });

  it("a banned or deactivated sender's request disappears from every list and cannot be answered; a lifted ban brings it back", async () => {
    const { a, b, requestId } = await pending();
    await adminUpdate(a.id, { isBanned: true });
    const received = await as(b).get("/users/friends/received_requests/");
    expectStatus(received, 200);
    expect(received.body.payload.pending).toEqual([]);
    const details = await as(b).get("/users/user_details/");
    expectStatus(details, 200);
    expect(details.body.payload.pending_count).toBe(0);
    for (const response of ["accept", "reject"]) {
      const res = await as(b).post(`/users/friends/respond/${requestId}/`, { response });
      expectStatus(res, 404);
      expect(res.body).toEqual({ code: 2, error: "Request not found" });
    }
    expect(await count("SELECT COUNT(*) AS n FROM friendships WHERE user_id = ?", a.id)).toBe(0);

    await adminUpdate(a.id, { isBanned: false });
    const restored = await as(b).get("/users/user_details/");
    expectStatus(restored, 200);
    expect(restored.body.payload.pending_count).toBe(1);
    const c = await makeUserWithToken();
    await sendFriendRequestAs(c.id, b.id);
    await deactivate(c.id);
    const back = await as(b).get("/users/friends/received_requests/");
    expectStatus(back, 200);
    expect(back.body.payload.pending.map((r) => r.from_user.id)).toEqual([a.id]);
    expectStatus(await as(b).post(`/users/friends/respond/${requestId}/`, { response: "accept" }), 200);
  });

  it("a request to an account banned since is gone from the sender's sent list", async () => {
    const { a, b } = await pending();
    await adminUpdate(b.id, { isBanned: true });
    const sent = await as(a).get("/users/friends/sent_requests/");
    expectStatus(sent, 200);
    expect(sent.body.payload.pending).toEqual([]);
  });

  it("another response value is 400 code 1", async () => {
    const { b, requestId } = await pending();
    for (const response of ["maybe", 1, null, ["accept"]]) {
      const res = await as(b).raw.post(`/users/friends/respond/${requestId}/`, { response });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 1, error: "Invalid response type" });
    }
  });

  it("a non-numeric or huge request id is a 404 in the envelope", async () => {
    const b = await makeUserWithToken();
    const word = await as(b).raw.post("/users/friends/respond/abc/", { response: "accept" });
    expect(word.status).toBe(404);
    expect(word.body.code).toBe(2);
    const huge = await as(b).raw.post(`/users/friends/respond/${"9".repeat(40)}/`, { response: "accept" });
    expect(huge.status).toBe(404);
    expect(huge.body).toEqual({ code: 2, error: "Request not found" });
  });
});

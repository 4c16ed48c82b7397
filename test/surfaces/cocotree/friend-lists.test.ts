import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import {
  befriend,
  block,
  makeUserWithToken,
  sendFriendRequestAs,
  uniqueName,
  unfriend,
} from "../../helpers/factories";
import { storedNotifications } from "../../helpers/notifications";

const as = (u: { access: string }) => new Client().withToken(u.access);
const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));

describe("GET /users/search_friends/ (and /users/friends/search_friends/)", () => {
  it("lists my friends by username with my group for each; prefix and group filter", async () => {
    const me = await makeUserWithToken();
    const base = uniqueName("pal");
    const [zed, amy, bob] = await Promise.all([
      makeUserWithToken({ username: `${base}_zed` }),
      makeUserWithToken({ username: `${base}_Amy` }),
      makeUserWithToken({ username: `${base}_bob` }),
    ]);
    for (const f of [zed, amy, bob]) await befriend(me.id, f.id);
    expectStatus(await as(me).patch(`/users/friends/group_update/${bob.id}/`, { group: "Family" }), 200);
    const all = await as(me).get("/users/search_friends/");
    expectStatus(all, 200);
    expect(all.body).toEqual({
      code: 0,
      payload: {
        friends: [
          { id: amy.id, username: amy.username, profile_picture: null, group: "Default" },
          { id: bob.id, username: bob.username, profile_picture: null, group: "Family" },
          { id: zed.id, username: zed.username, profile_picture: null, group: "Default" },
        ],
      },
    });
    const prefixed = await as(me).get(`/users/friends/search_friends/?prefix=${base.toUpperCase()}_a`);
    expectStatus(prefixed, 200);
    expect(prefixed.body.payload.friends.map((f) => f.id)).toEqual([amy.id]);
    const family = await as(me).get("/users/search_friends/?group=Family");
    expectStatus(family, 200);
    expect(family.body.payload.friends.map((f) => f.id)).toEqual([bob.id]);
    expect((await as(me).get("/users/search_friends/?group=family")).body).toEqual({
      code: 0,
      payload: { friends: [] },
    });
  });

  it("takes % and _ in the prefix literally", async () => {
    const me = await makeUserWithToken();
    const base = uniqueName("lit");
    const [under, plain] = await Promise.all([
      makeUserWithToken({ username: `${base}_x` }),
      makeUserWithToken({ username: `${base}ax` }),
    ]);
    await befriend(me.id, under.id);
    await befriend(me.id, plain.id);
    const underscore = await as(me).get(`/users/search_friends/?prefix=${base}_`);
    expectStatus(underscore, 200);
    expect(underscore.body.payload.friends.map((f) => f.id)).toEqual([under.id]);
    const percent = await as(me).get(`/users/search_friends/?prefix=${encodeURIComponent("%")}`);
    expectStatus(percent, 200);
    expect(percent.body.payload.friends).toEqual([]);
    const backslash = await as(me).get(`/users/search_friends/?prefix=${encodeURIComponent("\\")}`);
    expectStatus(backslash, 200);
    expect(backslash.body.payload.friends).toEqual([]);
  });

  it("hides a friend across a block either way", async () => {
    const [me, f] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(me.id, f.id);
    await block(f.id, me.id);
    const res = await as(me).get("/users/search_friends/");
    expectStatus(res, 200);
    expect(res.body.payload.friends).toEqual([]);
  });

  it("costs the same D1 statements for 1 friend and for 6", async () => {
    const me = await makeUserWithToken();
    const first = await makeUserWithToken();
    await befriend(me.id, first.id);
    const one = await as(me).get("/users/search_friends/");
    expectStatus(one, 200);
    expect(one.body.payload.friends).toHaveLength(1);
    for (let i = 0; i < 5; i++) await befriend(me.id, (await makeUserWithToken()).id);
    const six = await as(me).get("/users/search_friends/?prefix=");
    expectStatus(six, 200);
    expect(six.body.payload.friends).toHaveLength(6);
    expect(queries(one)).toBe(2);
    expect(queries(six)).toBe(queries(one));
  });

  it("needs credentials", async () => {
    const res = await new Client().get("/users/search_friends/");
    expectStatus(res, 401);
    expect(res.body).toEqual({ code: 1, error: "Authentication credentials were not provided." });
  });
});

describe("GET /users/friends/groups/", () => {
  it('is "Default" first, then my distinct group names sorted', async () => {
    const me = await makeUserWithToken();
    const friends = await Promise.all([1, 2, 3, 4].map(() => makeUserWithToken()));
    for (const f of friends) await befriend(me.id, f.id);
    expectStatus(await as(me).get("/users/friends/groups/"), 200);
    expect((await as(me).get("/users/friends/groups/")).body).toEqual({
      code: 0,
      payload: { groups: ["Default"] },
    });
    for (const [f, group] of [
      [friends[0]!, "Work"],
      [friends[1]!, "Close Friends"],
      [friends[2]!, "Work"],
    ] as const) {
      expectStatus(await as(me).patch(`/users/friends/group_update/${f.id}/`, { group }), 200);
    }
    const res = await as(me).get("/users/friends/groups/");
    expectStatus(res, 200);
    expect(res.body).toEqual({ code: 0, payload: { groups: ["Default", "Close Friends", "Work"] } });
    expect(queries(res)).toBe(2);
  });
});

describe("PATCH /users/friends/group_update/{friendId}/", () => {
  it("puts a friend in my group only (their group for me stays)", async () => {
    const [me, f] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(me.id, f.id);
    const res = await as(me).patch(`/users/friends/group_update/${f.id}/`, { group: "Close Friends" });
    expectStatus(res, 200);
    expect(res.body).toEqual({
      code: 0,
      payload: { message: "Friend group updated", group: "Close Friends" },
    });
    const info = await as(f).raw.get(`/users/user_info/${me.id}/`);
    expectStatus(info, 200);
    expect(info.body.payload.group).toBe("Default");
  });

  it("1–50 characters, else 400; not friends 404", async () => {
    const [me, f, stranger] = await Promise.all([
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
    ]);
    await befriend(me.id, f.id);
    const long = await as(me).patch(`/users/friends/group_update/${f.id}/`, { group: "x".repeat(51) });
    expectStatus(long, 400);
    expect(long.body).toEqual({ code: 1, error: "Group name too long" });
    expectStatus(await as(me).patch(`/users/friends/group_update/${f.id}/`, { group: "x".repeat(50) }), 200);
    for (const body of [{ group: "" }, { group: "   " }, {}]) {
      const blank = await as(me).patch(`/users/friends/group_update/${f.id}/`, body);
      expectStatus(blank, 400);
      expect(blank.body).toEqual({ code: 1, error: "Group name is required" });
    }
    const wrongType = await as(me).raw.patch(`/users/friends/group_update/${f.id}/`, { group: 5 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toEqual({
      code: 1,
      error: "Not a valid string.",
      payload: { group: ["Not a valid string."] },
    });
    const notFriend = await as(me).raw.patch(`/users/friends/group_update/${stranger.id}/`, {
      group: "Work",
    });
    expectStatus(notFriend, 404);
    expect(notFriend.body).toEqual({ code: 2, error: "Friendship not found" });
    const huge = await as(me).raw.patch(`/users/friends/group_update/${"1".repeat(30)}/`, { group: "Work" });
    expect(huge.status).toBe(404);
    expect(huge.body).toEqual({ code: 2, error: "Friendship not found" });
  });
});

describe("PATCH /users/friends/group_update/{friendId}/ text rules (issue 19 item 17)", () => {
  it("a group name is one line: NUL, controls, separators, bidi controls and lone surrogates are 400, the group unchanged", async () => {
    const [me, f] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(me.id, f.id);
    const refused: [string, string][] = [
      ["Fam\u0000ily", "Null characters are not allowed."],
      ["\u202eylimaF", "Bidirectional control characters are not allowed: U+202E."],
      ["Fam\u2066ily\u2069", "Bidirectional control characters are not allowed: U+2066."],
      ["Fam\udc00ily", "Surrogate characters are not allowed: U+DC00."],
      ["Fam\tily", "Control characters are not allowed: U+0009."],
      ["Fam\u0085ily", "Control characters are not allowed: U+0085."],
      ["Fam\u2028ily", "Line and paragraph separators are not allowed: U+2028."],
    ];
    for (const [group, message] of refused) {
      const res = await as(me).raw.patch(`/users/friends/group_update/${f.id}/`, { group });
      expect(res.status, JSON.stringify(group)).toBe(400);
      expect(res.body).toEqual({ code: 1, error: message, payload: { group: [message] } });
    }
    const listed = await as(me).raw.get("/users/search_friends/");
    expect(listed.body.payload.friends.map((x: { group: string }) => x.group)).toEqual(["Default"]);
    expectStatus(
      await as(me).patch(`/users/friends/group_update/${f.id}/`, { group: "Família 北京 🎬" }),
      200,
    );
  });
});

describe("Cocotree text fields (issue 19 item 17)", () => {
  it("register, user_details and sensitive refuse NUL and lone surrogates in every field, and controls in text", async () => {
    const nul = await new Client().raw.post("/auth/register", {
      username: uniqueName("nul"),
      password: "Tr1cky-pass-word",
      bio: "a\u0000b",
    });
    expect(nul.status).toBe(400);
    expect(nul.body).toEqual({
      code: 1,
      error: "Null characters are not allowed.",
      payload: { bio: ["Null characters are not allowed."] },
    });
    const me = await makeUserWithToken();
    const bio = await as(me).raw.patch("/users/user_details/", { bio: "a\u001bb" });
    expect(bio.status).toBe(400);
    expect(bio.body).toEqual({
      code: 1,
      error: "Control characters are not allowed: U+001B.",
      payload: { bio: ["Control characters are not allowed: U+001B."] },
    });
    const phone = await as(me).raw.patch("/users/user_details/sensitive/", { phone_number: "1\ud800" });
    expect(phone.status).toBe(400);
    expect(phone.body).toEqual({
      code: 1,
      error: "Surrogate characters are not allowed: U+D800.",
      payload: { phone_number: ["Surrogate characters are not allowed: U+D800."] },
    });
    const details = await as(me).raw.get("/users/user_details/");
    expect(details.body.payload).toMatchObject({ bio: "", phone_number: "" });
  });
});

describe("DELETE /users/friends/delete/{friendId}/", () => {
  it("removes both sides, posts a system message in our chat and notifies the friend", async () => {
    const [me, f] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(me.id, f.id);
    const res = await as(me).delete(`/users/friends/delete/${f.id}/`);
    expectStatus(res, 200);
    expect(res.body).toEqual({ code: 0, payload: { message: "Friend removed successfully" } });
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM friendships WHERE user_id IN (?1, ?2)")
      .bind(me.id, f.id)
      .first<{ n: number }>();
    expect(left!.n).toBe(0);
    const chats = await as(f).get("/chat/chatlist/");
    expectStatus(chats, 200);
    const chat = chats.body.payload.chats[0]!;
    expect(chat).toMatchObject({
      latest_message_type: "system",
      latest_message_content: `${me.username} removed you as a friend`,
      latest_message_username: null,
    });
    const messages = await as(f).get(`/messages/get_messages/${chat.chat_id}/-1/false/10/`);
    expectStatus(messages, 200);
    expect(messages.body.payload.messages).toEqual([
      {
        message_id: expect.any(Number),
        sender_id: null,
        reply_id: null,
        reply_count: 0,
        content: `${me.username} removed you as a friend`,
        message_type: "system",
        timestamp: expect.any(Number),
        file_url: null,
      },
    ]);
    expect(
      (await storedNotifications(f.id)).some((n) => n.message === `${me.username} removed you as a friend.`),
    ).toBe(true);
  });

  it("removing twice at once posts one message", async () => {
    const [me, f] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(me.id, f.id);
    const replies = await Promise.all([
      as(me).delete(`/users/friends/delete/${f.id}/`),
      as(me).delete(`/users/friends/delete/${f.id}/`),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 404]);
    const n = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.pair_key = ?",
    )
      .bind(`${Math.min(me.id, f.id)}:${Math.max(me.id, f.id)}`)
      .first<{ n: number }>();
    expect(n!.n).toBe(1);
  });

  it("an unknown user is 404 code 1; not friends, or one side only, is 404 code 2", async () => {
    const [me, f, stranger] = await Promise.all([
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
    ]);
    const unknown = await as(me).raw.delete("/users/friends/delete/999999999/");
    expectStatus(unknown, 404);
    expect(unknown.body).toEqual({ code: 1, error: "User not found" });
    const notFriends = await as(me).raw.delete(`/users/friends/delete/${stranger.id}/`);
    expectStatus(notFriends, 404);
    expect(notFriends.body).toEqual({ code: 2, error: "Friendship asymmetric OR not found" });
    await befriend(me.id, f.id);
    await env.DB.prepare("DELETE FROM friendships WHERE user_id = ? AND friend_id = ?")
      .bind(f.id, me.id)
      .run();
    const oneSided = await as(me).raw.delete(`/users/friends/delete/${f.id}/`);
    expectStatus(oneSided, 404);
    expect(oneSided.body).toEqual({ code: 2, error: "Friendship asymmetric OR not found" });
  });

  it("friends again after a removal get their old chat back", async () => {
    const [me, f] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(me.id, f.id);
    await unfriend(me.id, f.id);
    await befriend(f.id, me.id);
    const chats = await as(me).get("/chat/chatlist/");
    expectStatus(chats, 200);
    expect(chats.body.payload.chats).toHaveLength(1);
  });
});

describe("GET /users/friends/received_requests/ and /users/friends/sent_requests/", () => {
  it("pending to me newest first (epoch seconds), recent answered ones either way (ISO) with their direction", async () => {
    const me = await makeUserWithToken();
    const [p1, p2, accepted, rejected, mine] = await Promise.all(
      [1, 2, 3, 4, 5].map(() => makeUserWithToken()),
    );
    await sendFriendRequestAs(p1!.id, me.id);
    await sendFriendRequestAs(p2!.id, me.id);
    await sendFriendRequestAs(accepted!.id, me.id);
    await sendFriendRequestAs(rejected!.id, me.id);
    const pendingNow = await as(me).get("/users/friends/received_requests/");
    expectStatus(pendingNow, 200);
    const byFrom = new Map(pendingNow.body.payload.pending.map((r) => [r.from_user.id, r.id]));
    expectStatus(
      await as(me).post(`/users/friends/respond/${byFrom.get(accepted!.id)!}/`, { response: "accept" }),
      200,
    );
    expectStatus(
      await as(me).post(`/users/friends/respond/${byFrom.get(rejected!.id)!}/`, { response: "reject" }),
      200,
    );
    await sendFriendRequestAs(me.id, mine!.id);
    const sent = await as(mine!).get("/users/friends/received_requests/");
    expectStatus(sent, 200);
    expectStatus(
      await as(mine!).post(`/users/friends/respond/${sent.body.payload.pending[0]!.id}/`, {
        response: "reject",
      }),
      200,
    );

    const res = await as(me).get("/users/friends/received_requests/");
    expectStatus(res, 200);
    expect(res.body.payload.pending.map((r) => r.from_user)).toEqual([
      { id: p2!.id, username: p2!.username, profile_picture: null },
      { id: p1!.id, username: p1!.username, profile_picture: null },
    ]);
    for (const r of res.body.payload.pending)
      expect(Math.abs(r.last_updated - Date.now() / 1000)).toBeLessThan(120);
    expect(res.body.payload.recent.map((r) => [r.user.id, r.status, r.direction])).toEqual([
      [mine!.id, "rejected", "to"],
      [rejected!.id, "rejected", "from"],
      [accepted!.id, "accepted", "from"],
    ]);
    for (const r of res.body.payload.recent)
      expect(r.last_updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const limited = await as(me).get("/users/friends/received_requests/?count=1");
    expectStatus(limited, 200);
    expect(limited.body.payload.recent).toHaveLength(1);
    expect(queries(limited)).toBe(queries(res));
    expect(queries(res)).toBe(3);
    const bad = await as(me).get("/users/friends/received_requests/?count=abc");
    expectStatus(bad, 400);
    expect(bad.body.code).toBe(1);
  });

  it("sent: my pending requests, newest first", async () => {
    const me = await makeUserWithToken();
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await sendFriendRequestAs(me.id, a.id);
    const one = await as(me).get("/users/friends/sent_requests/");
    await sendFriendRequestAs(me.id, b.id);
    const res = await as(me).get("/users/friends/sent_requests/");
    expectStatus(res, 200);
    expect(res.body.payload.pending.map((r) => r.to_user.id)).toEqual([b.id, a.id]);
    expect(typeof res.body.payload.pending[0]!.last_updated).toBe("number");
    expect(queries(res)).toBe(queries(one));
    expect(queries(res)).toBe(2);
  });
});

describe("GET /users/user_details/ pending_count", () => {
  it("counts pending requests addressed to me", async () => {
    const me = await makeUserWithToken();
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await sendFriendRequestAs(a.id, me.id);
    await sendFriendRequestAs(b.id, me.id);
    await sendFriendRequestAs(me.id, (await makeUserWithToken()).id);
    const res = await as(me).get("/users/user_details/");
    expectStatus(res, 200);
    expect(res.body.payload.pending_count).toBe(2);
  });
});

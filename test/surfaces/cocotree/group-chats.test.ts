// module_api/chat_management_api.md: one describe per route, one case per documented status.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient } from "../../helpers/client";
import { as, groupOf, pairChat, say } from "../../helpers/chats";
import { befriend, makeUserWithToken } from "../../helpers/factories";

const fail = (code: number, error: string) => ({ code, error });
const NO_AUTH = fail(1, "Authentication credentials were not provided.");

describe("POST /chat/create_chat/", () => {
  it("creates a group chat I own with my friends", async () => {
    const { owner, members, chatId } = await groupOf(2, "Trio");
    const info = await as(owner).get(`/chat/get_chat_info/${chatId}/`);
    expect(info.status, info.text).toBe(200);
    expect(info.body.payload.chat).toMatchObject({
      chat_name: "Trio",
      private: false,
      chat_announcements: [],
      chat_profile_picture: null,
    });
    expect(
      info.body.payload.chat.chat_members.map((m: { user_id: number; role: string }) => [m.user_id, m.role]),
    ).toEqual([
      [owner.id, "owner"],
      [members[0]!.id, "member"],
      [members[1]!.id, "member"],
    ]);
    const list = await as(members[0]!).get("/chat/chatlist/");
    expect(list.body.payload.chats.find((c: { chat_id: number }) => c.chat_id === chatId)).toMatchObject({
      chat_name: "Trio",
      private: false,
    });
  });

  it("answers the created chat", async () => {
    const owner = await makeUserWithToken();
    const [f1, f2] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(owner.id, f1.id);
    await befriend(owner.id, f2.id);
    const res = await as(owner).post("/chat/create_chat/", {
      chat_name: "New Chat Name",
      chat_members: [f1.id, String(f2.id), owner.id],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        chat: {
          id: expect.any(Number),
          chat_name: "New Chat Name",
          private: false,
          created_time: expect.stringMatching(/Z$/),
        },
      },
    });
  });

  it("400: fewer than 3 members, me included", async () => {
    const owner = await makeUserWithToken();
    const f = await makeUserWithToken();
    await befriend(owner.id, f.id);
    const res = await as(owner).post("/chat/create_chat/", {
      chat_name: "Pair",
      chat_members: [f.id, f.id, owner.id],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(fail(2, "Group Chat must have at least 3 members"));
  });

  it("404: a member that does not exist", async () => {
    const owner = await makeUserWithToken();
    const f = await makeUserWithToken();
    await befriend(owner.id, f.id);
    const res = await as(owner).post("/chat/create_chat/", { chat_name: "X", chat_members: [f.id, 2 ** 40] });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(fail(2, "User does not exist"));
  });

  it("403: a member who is not my friend", async () => {
    const owner = await makeUserWithToken();
    const [f, stranger] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    await befriend(owner.id, f.id);
    const res = await as(owner).post("/chat/create_chat/", {
      chat_name: "X",
      chat_members: [f.id, stranger.id],
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(fail(2, "Inviter and target user are not friends"));
  });

  it("hostile bodies are 4xx in Cocotree's envelope", async () => {
    const owner = await makeUserWithToken();
    for (const body of [
      {},
      { chat_name: 5, chat_members: [] },
      { chat_name: "x", chat_members: "1,2" },
      { chat_name: "x", chat_members: [-1, 1.5] },
      { chat_name: "   ", chat_members: [1, 2] },
    ]) {
      const res = await as(owner).post("/chat/create_chat/", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code, res.text).toBeGreaterThan(0);
    }
    const raw = await as(owner).request("POST", "/chat/create_chat/", {
      body: "{nope",
      headers: { "Content-Type": "application/json" },
    });
    expect(raw.status).toBe(400);
    expect(raw.body.code).toBe(1);
  });

  it("a large member list is one statement's literals, never past D1's 100 bound values: 404 for an unknown one, not 500", async () => {
    const owner = await makeUserWithToken();
    const f = await makeUserWithToken();
    await befriend(owner.id, f.id);
    const ids = [f.id, ...Array.from({ length: 150 }, (_, i) => 2 ** 40 + i)];
    const res = await as(owner).post("/chat/create_chat/", { chat_name: "Crowd", chat_members: ids });
    expect(res.status, res.text).toBe(404);
    expect(res.body).toEqual(fail(2, "User does not exist"));
  });

  it("a chat name refuses NUL, bidi controls and line breaks (the text rules every field follows)", async () => {
    const { owner, members } = await groupOf(2, "Fine");
    for (const chat_name of ["a\u0000b", "evil\u202Egnp.exe", "two\nlines", "x\u2028y"]) {
      const res = await as(owner).post("/chat/create_chat/", {
        chat_name,
        chat_members: members.map((m) => m.id),
      });
      expect(res.status, JSON.stringify(chat_name)).toBe(400);
      expect(res.body.code, res.text).toBeGreaterThan(0);
    }
  });

  it("401 without credentials", async () => {
    const res = await new UntypedClient().post("/chat/create_chat/", {
      chat_name: "x",
      chat_members: [1, 2],
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NO_AUTH);
  });

  it("405 in Cocotree's envelope", async () => {
    const owner = await makeUserWithToken();
    const res = await as(owner).get("/chat/create_chat/");
    expect(res.status).toBe(405);
    expect(res.body).toEqual(fail(2, "HTTP method 'GET' is not allowed on this endpoint."));
  });
});

describe("GET /chat/get_chat_info/{chat_id}/", () => {
  it("a private chat is named and pictured for the other member", async () => {
    const { a, b, chatId } = await pairChat();
    const res = await as(a).get(`/chat/get_chat_info/${chatId}/`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.payload.chat).toMatchObject({ chat_name: b.username, private: true });
    expect(res.body.payload.chat.chat_members).toHaveLength(2);
    expect(Object.keys(res.body.payload.chat.chat_members[0]).sort()).toEqual([
      "is_deleted",
      "last_access_time",
      "profile_picture",
      "role",
      "user_id",
      "username",
    ]);
  });

  it("404 Chat does not exist; 403 for a non-member", async () => {
    const { chatId } = await groupOf(2);
    const outsider = await makeUserWithToken();
    const missing = await as(outsider).get(`/chat/get_chat_info/999999999/`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(fail(2, "Chat does not exist"));
    const junk = await as(outsider).get(`/chat/get_chat_info/abc/`);
    expect(junk.status).toBe(404);
    expect(junk.body).toEqual(fail(2, "Chat does not exist"));
    const res = await as(outsider).get(`/chat/get_chat_info/${chatId}/`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(fail(2, "User is not a member of this chat"));
  });

  it("a deleted account stays listed as a deleted member", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const gone = await as(members[0]!).delete("/users/delete_account/");
    expect(gone.status, gone.text).toBe(200);
    const res = await as(owner).get(`/chat/get_chat_info/${chatId}/`);
    const row = res.body.payload.chat.chat_members.find(
      (m: { user_id: number }) => m.user_id === members[0]!.id,
    );
    expect(row).toMatchObject({ is_deleted: true, username: expect.stringMatching(/^deleted_/) });
  });
});

describe("DELETE /chat/delete_chat/{chat_id}/", () => {
  it("the owner deletes the chat; it is gone for everyone", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const res = await as(owner).delete(`/chat/delete_chat/${chatId}/`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ code: 0, payload: {} });
    const after = await as(members[0]!).get(`/chat/get_chat_info/${chatId}/`);
    expect(after.status).toBe(404);
  });

  it("403 for a manager or member; 404 for a private chat, a missing one, or an outsider", async () => {
    const { owner, members, chatId } = await groupOf(2);
    expect((await as(owner).post(`/chat/make_manager/${chatId}/${members[0]!.id}/`)).status).toBe(200);
    for (const m of members) {
      const res = await as(m).delete(`/chat/delete_chat/${chatId}/`);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(fail(2, "No permission to delete chat"));
    }
    const { a, chatId: pair } = await pairChat();
    for (const [who, id] of [
      [a, pair],
      [a, 999999999],
      [a, chatId],
    ] as const) {
      const res = await as(who).delete(`/chat/delete_chat/${id}/`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(fail(2, "User or group chat does not exist"));
    }
  });
});

describe("PATCH /chat/toggle_mute/{chat_id}/ and /chat/toggle_pinned/{chat_id}/", () => {
  it("toggles my own flag only, and pinned chats list first", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const mute = await as(owner).patch(`/chat/toggle_mute/${chatId}/`);
    expect(mute.status, mute.text).toBe(200);
    expect(mute.body).toEqual({ code: 0, payload: { muted: true } });
    expect((await as(owner).patch(`/chat/toggle_mute/${chatId}/`)).body).toEqual({
      code: 0,
      payload: { muted: false },
    });
    const pin = await as(members[0]!).patch(`/chat/toggle_pinned/${chatId}/`);
    expect(pin.body).toEqual({ code: 0, payload: { pinned: true } });
    const f = await makeUserWithToken();
    await befriend(members[0]!.id, f.id);
    const list = await as(members[0]!).get("/chat/chatlist/");
    expect(list.body.payload.chats.map((c: { chat_id: number }) => c.chat_id)[0]).toBe(chatId);
    const ownerList = await as(owner).get("/chat/chatlist/");
    expect(ownerList.body.payload.chats.find((c: { chat_id: number }) => c.chat_id === chatId)).toMatchObject(
      { pinned: false, muted: false },
    );
  });

  it("404 Chat not found; 403 for a non-member", async () => {
    const { chatId } = await groupOf(2);
    const outsider = await makeUserWithToken();
    for (const path of ["toggle_mute", "toggle_pinned"]) {
      const missing = await as(outsider).patch(`/chat/${path}/999999999/`);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(fail(2, "Chat not found"));
      const res = await as(outsider).patch(`/chat/${path}/${chatId}/`);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(fail(2, "User is not a member of this chat"));
    }
  });
});

describe("managers and ownership", () => {
  it("make_manager / remove_manager: 200, 409 twice, 403 for a non-owner, 404 for a non-member", async () => {
    const { owner, members, chatId } = await groupOf(3);
    const [m1, m2] = members as [typeof owner, typeof owner];
    const made = await as(owner).post(`/chat/make_manager/${chatId}/${m1.id}/`);
    expect(made.status, made.text).toBe(200);
    expect(made.body).toEqual({ code: 0, payload: {} });
    const again = await as(owner).post(`/chat/make_manager/${chatId}/${m1.id}/`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual(fail(2, "User is already a manager"));
    const byManager = await as(m1).post(`/chat/make_manager/${chatId}/${m2.id}/`);
    expect(byManager.status).toBe(403);
    expect(byManager.body).toEqual(fail(2, "User does not have permissions"));
    const stranger = await makeUserWithToken();
    const notMember = await as(owner).post(`/chat/make_manager/${chatId}/${stranger.id}/`);
    expect(notMember.status).toBe(404);
    expect(notMember.body).toEqual(fail(2, "User or group chat does not exist"));
    const removed = await as(owner).post(`/chat/remove_manager/${chatId}/${m1.id}/`);
    expect(removed.status).toBe(200);
    const notManager = await as(owner).post(`/chat/remove_manager/${chatId}/${m1.id}/`);
    expect(notManager.status).toBe(409);
    expect(notManager.body).toEqual(fail(2, "User is not a manager"));
    const outsider = await as(stranger).post(`/chat/remove_manager/${chatId}/${m1.id}/`);
    expect(outsider.status).toBe(404);
    expect(outsider.body).toEqual(fail(2, "User or group chat does not exist"));
  });

  it("transfer_ownership: the owner becomes a manager; 409 to myself; 403 for others", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const self = await as(owner).post(`/chat/transfer_ownership/${chatId}/${owner.id}/`);
    expect(self.status).toBe(409);
    expect(self.body).toEqual(fail(2, "User is already the owner"));
    const notOwner = await as(members[0]!).post(`/chat/transfer_ownership/${chatId}/${members[1]!.id}/`);
    expect(notOwner.status).toBe(403);
    expect(notOwner.body).toEqual(fail(2, "User does not have permissions"));
    const res = await as(owner).post(`/chat/transfer_ownership/${chatId}/${members[0]!.id}/`);
    expect(res.status, res.text).toBe(200);
    const info = await as(owner).get(`/chat/get_chat_info/${chatId}/`);
    const roles = Object.fromEntries(
      info.body.payload.chat.chat_members.map((m: { user_id: number; role: string }) => [m.user_id, m.role]),
    );
    expect(roles).toEqual({ [owner.id]: "manager", [members[0]!.id]: "owner", [members[1]!.id]: "member" });
  });

  it("two transfers at once leave exactly one owner", async () => {
    const { owner, members, chatId } = await groupOf(3);
    const replies = await Promise.all(
      members.map((m) => as(owner).post(`/chat/transfer_ownership/${chatId}/${m.id}/`)),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    const info = await as(owner).get(`/chat/get_chat_info/${chatId}/`);
    expect(
      info.body.payload.chat.chat_members.filter((m: { role: string }) => m.role === "owner"),
    ).toHaveLength(1);
  });
});

describe("join requests", () => {
  it("a member proposes a friend; a manager sees, accepts; the user is in", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const friend = await makeUserWithToken();
    await befriend(members[0]!.id, friend.id);
    const sent = await as(members[0]!).post(`/chat/send_join_request/${chatId}/${friend.id}/`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toEqual({ code: 0, payload: {} });
    expect((await as(members[0]!).post(`/chat/send_join_request/${chatId}/${friend.id}/`)).status).toBe(200);
    const list = await as(owner).get(`/chat/get_join_requests/${chatId}/`);
    expect(list.status).toBe(200);
    expect(list.body.payload.join_requests).toEqual([
      {
        id: expect.any(Number),
        user_id: friend.id,
        username: friend.username,
        profile_picture: null,
        timestamp: expect.stringMatching(/Z$/),
      },
    ]);
    const asMember = await as(members[1]!).get(`/chat/get_join_requests/${chatId}/`);
    expect(asMember.status).toBe(403);
    expect(asMember.body).toEqual(fail(2, "User does not have permissions"));
    const byMember = await as(members[1]!).post(`/chat/accept_join_request/${chatId}/${friend.id}/`);
    expect(byMember.status).toBe(403);
    const accepted = await as(owner).post(`/chat/accept_join_request/${chatId}/${friend.id}/`);
    expect(accepted.status, accepted.text).toBe(200);
    const info = await as(friend).get(`/chat/get_chat_info/${chatId}/`);
    expect(info.status).toBe(200);
    const twice = await as(owner).post(`/chat/accept_join_request/${chatId}/${friend.id}/`);
    expect(twice.status).toBe(404);
    expect(twice.body).toEqual(fail(2, "Target user does not have a join request"));
    const inChat = await as(members[0]!).post(`/chat/send_join_request/${chatId}/${friend.id}/`);
    expect(inChat.status).toBe(409);
    expect(inChat.body).toEqual(fail(2, "Target user is already in chat"));
  });

  it("403 between non-friends, 404 for no such user or no such group, reject removes the request", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const stranger = await makeUserWithToken();
    const notFriends = await as(members[0]!).post(`/chat/send_join_request/${chatId}/${stranger.id}/`);
    expect(notFriends.status).toBe(403);
    expect(notFriends.body).toEqual(fail(2, "Inviter and target user are not friends"));
    const nobody = await as(members[0]!).post(`/chat/send_join_request/${chatId}/999999999/`);
    expect(nobody.status).toBe(404);
    expect(nobody.body).toEqual(fail(2, "User does not exist"));
    const noGroup = await as(stranger).get(`/chat/get_join_requests/${chatId}/`);
    expect(noGroup.status).toBe(404);
    expect(noGroup.body).toEqual(fail(2, "Group Chat does not exist"));
    await befriend(owner.id, stranger.id);
    expect((await as(owner).post(`/chat/send_join_request/${chatId}/${stranger.id}/`)).status).toBe(200);
    const rejected = await as(owner).post(`/chat/reject_join_request/${chatId}/${stranger.id}/`);
    expect(rejected.status).toBe(200);
    const again = await as(owner).post(`/chat/reject_join_request/${chatId}/${stranger.id}/`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual(fail(2, "Target user does not have a join request"));
    expect((await as(owner).get(`/chat/get_join_requests/${chatId}/`)).body.payload.join_requests).toEqual(
      [],
    );
  });

  it("400 once the group holds 200 members (as at creation), and the request stays", async () => {
    const { owner, chatId } = await groupOf(2);
    const friend = await makeUserWithToken();
    await befriend(owner.id, friend.id);
    expect((await as(owner).post(`/chat/send_join_request/${chatId}/${friend.id}/`)).status).toBe(200);
    const tag = `crowd${chatId}x`;
    await env.DB.batch([
      env.DB.prepare(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 197)
        INSERT INTO users (username, username_key, password_hash, date_joined) SELECT '${tag}' || i, '${tag}' || i, 'x', 0 FROM s`),
      env.DB.prepare(
        `INSERT INTO chat_members (chat_id, user_id, joined_at) SELECT ?, id, 0 FROM users WHERE username LIKE '${tag}%'`,
      ).bind(chatId),
    ]);
    const full = await as(owner).post(`/chat/accept_join_request/${chatId}/${friend.id}/`);
    expect(full.status, full.text).toBe(400);
    expect(full.body).toEqual(fail(2, "Group Chat can have at most 200 members"));
    expect(
      (await as(owner).get(`/chat/get_join_requests/${chatId}/`)).body.payload.join_requests,
    ).toHaveLength(1);
  });

  it("two acceptances at once add the member once", async () => {
    const { owner, members, chatId } = await groupOf(2);
    await as(owner).post(`/chat/make_manager/${chatId}/${members[0]!.id}/`);
    const friend = await makeUserWithToken();
    await befriend(owner.id, friend.id);
    await as(owner).post(`/chat/send_join_request/${chatId}/${friend.id}/`);
    const replies = await Promise.all(
      [owner, members[0]!].map((u) => as(u).post(`/chat/accept_join_request/${chatId}/${friend.id}/`)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 404]);
    const info = await as(owner).get(`/chat/get_chat_info/${chatId}/`);
    expect(info.body.payload.chat.chat_members).toHaveLength(4);
  });
});

describe("POST /chat/remove_member/{chat_id}/{user_id}/ and /chat/leave_chat/{chat_id}/", () => {
  it("owner removes anyone but themself; a manager only members; a member no one", async () => {
    const { owner, members, chatId } = await groupOf(4);
    const [m1, m2, m3, m4] = members as [typeof owner, typeof owner, typeof owner, typeof owner];
    await as(owner).post(`/chat/make_manager/${chatId}/${m1.id}/`);
    await as(owner).post(`/chat/make_manager/${chatId}/${m2.id}/`);
    const byMember = await as(m3).post(`/chat/remove_member/${chatId}/${m4.id}/`);
    expect(byMember.status).toBe(403);
    expect(byMember.body).toEqual(fail(2, "Insufficient permissions to remove members"));
    const managerOnManager = await as(m1).post(`/chat/remove_member/${chatId}/${m2.id}/`);
    expect(managerOnManager.status).toBe(403);
    const onOwner = await as(m1).post(`/chat/remove_member/${chatId}/${owner.id}/`);
    expect(onOwner.status).toBe(409);
    expect(onOwner.body).toEqual(fail(2, "Cannot remove the chat owner"));
    const self = await as(owner).post(`/chat/remove_member/${chatId}/${owner.id}/`);
    expect(self.status).toBe(409);
    expect((await as(m1).post(`/chat/remove_member/${chatId}/${m4.id}/`)).status).toBe(200);
    expect((await as(owner).post(`/chat/remove_member/${chatId}/${m2.id}/`)).status).toBe(200);
    const gone = await as(owner).post(`/chat/remove_member/${chatId}/${m4.id}/`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(fail(2, "User does not exist"));
    // A removed member is an outsider everywhere.
    const info = await as(m4).get(`/chat/get_chat_info/${chatId}/`);
    expect(info.status).toBe(403);
    const send = await say(m4, chatId, "still here?");
    expect(send.status).toBe(403);
    expect(send.body).toEqual(fail(2, "User is not a member of this chat"));
    const read = await as(m4).get(`/messages/get_messages/${chatId}/-1/false/10/`);
    expect(read.status).toBe(403);
  });

  it("a member leaves; the owner cannot; a non-member's chat does not exist", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const left = await as(members[0]!).post(`/chat/leave_chat/${chatId}/`);
    expect(left.status, left.text).toBe(200);
    expect(left.body).toEqual({ code: 0, payload: {} });
    const again = await as(members[0]!).post(`/chat/leave_chat/${chatId}/`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual(fail(2, "Group Chat does not exist"));
    const ownerLeaves = await as(owner).post(`/chat/leave_chat/${chatId}/`);
    expect(ownerLeaves.status).toBe(409);
    expect(ownerLeaves.body).toEqual(fail(2, "Chat owner cannot leave without transferring ownership first"));
    const { a, chatId: pair } = await pairChat();
    const privateLeave = await as(a).post(`/chat/leave_chat/${pair}/`);
    expect(privateLeave.status).toBe(404);
  });
});

describe("a group's owner leaving for good", () => {
  it("hands the group to its oldest manager when the owner deletes their account (Cocotree) or is erased", async () => {
    const anonymised = await groupOf(3);
    await as(anonymised.owner).post(`/chat/make_manager/${anonymised.chatId}/${anonymised.members[1]!.id}/`);
    expect((await as(anonymised.owner).delete("/users/delete_account/")).status).toBe(200);
    const heir = anonymised.members[1]!;
    const info = await as(heir).get(`/chat/get_chat_info/${anonymised.chatId}/`);
    const roles = info.body.payload.chat.chat_members.map(
      (m: { user_id: number; role: string; is_deleted: boolean }) => [m.user_id, m.role, m.is_deleted],
    );
    expect(roles).toContainEqual([heir.id, "owner", false]);
    expect(roles).toContainEqual([anonymised.owner.id, "member", true]);
    expect(
      (await as(heir).post(`/chat/make_manager/${anonymised.chatId}/${anonymised.members[0]!.id}/`)).status,
    ).toBe(200);

    const erased = await groupOf(2);
    expect((await as(erased.owner).post("/user/delete/")).status).toBe(200);
    const after = await as(erased.members[0]!).get(`/chat/get_chat_info/${erased.chatId}/`);
    expect(
      after.body.payload.chat.chat_members.map((m: { user_id: number; role: string }) => [m.user_id, m.role]),
    ).toEqual([
      [erased.members[0]!.id, "owner"],
      [erased.members[1]!.id, "member"],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { Client, UntypedClient, expectStatus } from "../../helpers/client";
import { befriend, makeUserWithToken, unfriend } from "../../helpers/factories";

const as = (u: { access: string }) => new Client().withToken(u.access);
const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));

describe("GET /chat/chatlist/", () => {
  it("lists my private chats named for the other member, newest activity first, in a fixed number of statements", async () => {
    const me = await makeUserWithToken();
    const first = await makeUserWithToken();
    await befriend(me.id, first.id);
    const one = await as(me).get("/chat/chatlist/");
    expectStatus(one, 200);
    expect(one.body).toEqual({
      code: 0,
      payload: {
        chats: [
          {
            chat_id: expect.any(Number),
            chat_name: first.username,
            created_at: expect.stringMatching(/Z$/),
            unread_messages_count: 0,
            latest_message_username: null,
            latest_message_type: null,
            latest_message_content: null,
            muted: false,
            pinned: false,
            private: true,
            chat_profile_picture: null,
          },
        ],
      },
    });
    const others = [];
    for (let i = 0; i < 4; i++) {
      const f = await makeUserWithToken();
      await befriend(me.id, f.id);
      others.push(f);
    }
    await unfriend(first.id, me.id);
    const five = await as(me).get("/chat/chatlist/");
    expectStatus(five, 200);
    expect(five.body.payload.chats).toHaveLength(5);
    expect(five.body.payload.chats[0]).toMatchObject({
      chat_name: first.username,
      unread_messages_count: 1,
      latest_message_type: "system",
    });
    expect(queries(one)).toBe(2);
    expect(queries(five)).toBe(queries(one));
  });

  it("needs credentials", async () => {
    const res = await new Client().get("/chat/chatlist/");
    expectStatus(res, 401);
    expect(res.body).toEqual({ code: 1, error: "Authentication credentials were not provided." });
  });
});

describe("GET /messages/get_messages/{chat_id}/{message_id}/{get_after}/{count}/", () => {
  async function chatWithMessages(n: number) {
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    for (let i = 0; i < n; i++) {
      await befriend(a.id, b.id);
      await unfriend(a.id, b.id);
    }
    const list = await as(b).get("/chat/chatlist/");
    expectStatus(list, 200);
    return { a, b, chatId: list.body.payload.chats[0]!.chat_id };
  }

  it("pages newest, after and before a message, oldest first, in a fixed number of statements", async () => {
    const { b, chatId } = await chatWithMessages(4);
    const raw = new UntypedClient().withToken(b.access);
    const newest = await raw.get(`/messages/get_messages/${chatId}/-1/false/3/`);
    expect(newest.status, newest.text).toBe(200);
    const ids = newest.body.payload.messages.map((m: { message_id: number }) => m.message_id);
    expect(ids).toHaveLength(3);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const all = await raw.get(`/messages/get_messages/${chatId}/-1/false/100/`);
    const allIds = all.body.payload.messages.map((m: { message_id: number }) => m.message_id);
    expect(allIds).toHaveLength(4);
    expect(allIds.slice(1)).toEqual(ids);
    const after = await raw.get(`/messages/get_messages/${chatId}/${allIds[0]}/true/2/`);
    expect(after.body.payload.messages.map((m: { message_id: number }) => m.message_id)).toEqual(
      allIds.slice(1, 3),
    );
    const before = await raw.get(`/messages/get_messages/${chatId}/${allIds[3]}/false/2/`);
    expect(before.body.payload.messages.map((m: { message_id: number }) => m.message_id)).toEqual(
      allIds.slice(1, 3),
    );
    const m = all.body.payload.messages[0];
    expect(m).toMatchObject({
      sender_id: null,
      message_type: "system",
      reply_id: null,
      reply_count: 0,
      file_url: null,
    });
    expect(Math.abs(m.timestamp - Date.now() / 1000)).toBeLessThan(300);
    // The viewer, then one batch: the chat, the page and the read mark.
    expect(queries(newest)).toBe(4);
    expect(queries(all)).toBe(queries(newest));
  });

  it("a count outside 1–100 is 400 code 2; not a member 403; an unknown chat 404", async () => {
    const { b, chatId } = await chatWithMessages(1);
    const raw = new UntypedClient().withToken(b.access);
    for (const count of ["0", "101", "abc", "99999999999"]) {
      const res = await raw.get(`/messages/get_messages/${chatId}/-1/false/${count}/`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: 2, error: "Invalid count value" });
    }
    const stranger = await makeUserWithToken();
    const forbidden = await new UntypedClient()
      .withToken(stranger.access)
      .get(`/messages/get_messages/${chatId}/-1/false/10/`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ code: 2, error: "User not in chat" });
    const unknown = await raw.get("/messages/get_messages/999999999/-1/false/10/");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 2, error: "Chat not found" });
    const huge = await raw.get(`/messages/get_messages/${"9".repeat(30)}/-1/false/10/`);
    expect(huge.body).toEqual({ code: 2, error: "Chat not found" });
    const noAuth = await new UntypedClient().get(`/messages/get_messages/${chatId}/-1/false/10/`);
    expect(noAuth.status).toBe(401);
  });
});

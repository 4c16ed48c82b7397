// module_api/messages_api.md: send, filter, recall, announcements; one case per documented status.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient } from "../../helpers/client";
import { as, groupOf, pairChat, say } from "../../helpers/chats";
import { eventually } from "../../helpers/eventually";
import { makeUserWithToken, unfriend } from "../../helpers/factories";
import { JPEG_BYTES, upload } from "../../helpers/fixtures";

const fail = (code: number, error: string) => ({ code, error });
const OGG_BYTES = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]);

function form(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
  const f = file ? upload("attachment", file.name, file.bytes) : new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

describe("POST /messages/send_message/{chat_id}/", () => {
  it("sends a text message, answered as the document shows, and counts unread for the others", async () => {
    const { a, b, chatId } = await pairChat();
    const res = await say(a, chatId, "Hello, world!");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        message: "message sent successfully",
        data: {
          message_id: expect.any(Number),
          sender_id: a.id,
          reply_id: null,
          reply_count: 0,
          message_type: "text",
          content: "Hello, world!",
          timestamp: expect.any(Number),
          file_url: null,
        },
      },
    });
    const listB = await as(b).get("/chat/chatlist/");
    expect(listB.body.payload.chats[0]).toMatchObject({
      unread_messages_count: 1,
      latest_message_username: a.username,
      latest_message_type: "text",
      latest_message_content: "Hello, world!",
    });
    const listA = await as(a).get("/chat/chatlist/");
    expect(listA.body.payload.chats[0].unread_messages_count).toBe(0);
    await as(b).get(`/messages/get_messages/${chatId}/-1/false/10/`);
    expect((await as(b).get("/chat/chatlist/")).body.payload.chats[0].unread_messages_count).toBe(0);
    const info = await as(a).get(`/chat/get_chat_info/${chatId}/`);
    const bRow = info.body.payload.chat.chat_members.find((m: { user_id: number }) => m.user_id === b.id);
    expect(bRow.last_access_time).toMatch(/Z$/);
  });

  it("a reply counts on the message it answers", async () => {
    const { a, b, chatId } = await pairChat();
    const first = await say(a, chatId, "question");
    const id = first.body.payload.data.message_id;
    const reply = await say(b, chatId, "answer", { reply_id: id });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.payload.data.reply_id).toBe(id);
    await Promise.all([
      say(a, chatId, "one", { reply_id: id }),
      say(b, chatId, "two", { reply_id: String(id) }),
    ]);
    const page = await as(a).get(`/messages/get_messages/${chatId}/-1/false/10/`);
    expect(
      page.body.payload.messages.find((m: { message_id: number }) => m.message_id === id).reply_count,
    ).toBe(3);
    const elsewhere = await pairChat();
    const foreign = await say(elsewhere.a, elsewhere.chatId, "x", { reply_id: id });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual(fail(1, "Reply message does not exist in this chat"));
  });

  it("image, voice and file attachments go to R2 and come back by file_url", async () => {
    const { a, chatId } = await pairChat();
    const image = await as(a).request("POST", `/messages/send_message/${chatId}/`, {
      body: form({ message_type: "image" }, { name: "p.jpg", bytes: JPEG_BYTES }),
    });
    expect(image.status, image.text).toBe(200);
    const url = image.body.payload.data.file_url as string;
    expect(url).toMatch(new RegExp(`^/media/u/${a.id}/chat/[^/]+\\.jpg$`));
    const served = await new UntypedClient().get(url);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/jpeg");
    const voice = await as(a).request("POST", `/messages/send_message/${chatId}/`, {
      body: form({ message_type: "voice" }, { name: "v.ogg", bytes: OGG_BYTES }),
    });
    expect(voice.status, voice.text).toBe(200);
    expect(voice.body.payload.data.file_url).toMatch(/\.ogg$/);
    const file = await as(a).request("POST", `/messages/send_message/${chatId}/`, {
      body: form(
        { message_type: "file", content: "notes" },
        { name: "n.html", bytes: new TextEncoder().encode("<script>alert(1)</script>") },
      ),
    });
    expect(file.status, file.text).toBe(200);
    const got = await new UntypedClient().get(file.body.payload.data.file_url);
    expect(got.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(got.headers.get("Content-Disposition")).toBe("attachment");
  });

  it("400 (code 1) for what the serializer refuses", async () => {
    const { a, chatId } = await pairChat();
    const cases: [object | FormData, string][] = [
      [{ content: "", message_type: "text" }, "Content is required"],
      [{ content: "x", message_type: "sticker" }, "message_type must be one of text, image, file, voice"],
      [
        { content: "x", message_type: "image" },
        "Attachment is missing or not a valid file for this message type",
      ],
      [
        form({ message_type: "image" }, { name: "p.jpg", bytes: new TextEncoder().encode("not an image") }),
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
      ],
      [
        form(
          { message_type: "voice" },
          { name: "v.ogg", bytes: new TextEncoder().encode("not audio at all") },
        ),
        "Attachment is missing or not a valid file for this message type",
      ],
      [{ content: "x".repeat(5001) }, expect.any(String) as unknown as string],
      [{ content: ["x"] }, expect.any(String) as unknown as string],
      [{ content: "x", reply_id: "abc" }, expect.any(String) as unknown as string],
    ];
    for (const [body, error] of cases) {
      const res =
        body instanceof FormData
          ? await as(a).request("POST", `/messages/send_message/${chatId}/`, { body })
          : await as(a).post(`/messages/send_message/${chatId}/`, body);
      expect(res.status, res.text).toBe(400);
      expect(res.body).toMatchObject({ code: 1, error });
    }
    const page = await as(a).get(`/messages/get_messages/${chatId}/-1/false/10/`);
    expect(page.body.payload.messages).toEqual([]);
  });

  it("404 Chat not found; 403 for a non-member; 401 without credentials", async () => {
    const { chatId } = await groupOf(2);
    const outsider = await makeUserWithToken();
    const missing = await say(outsider, 999999999, "x");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(fail(2, "Chat not found"));
    const res = await say(outsider, chatId, "x");
    expect(res.status).toBe(403);
    expect(res.body).toEqual(fail(2, "User is not a member of this chat"));
    const anon = await new UntypedClient().post(`/messages/send_message/${chatId}/`, { content: "x" });
    expect(anon.status).toBe(401);
  });

  it("a private chat refuses messages once the two are no longer friends (403, code 1)", async () => {
    const { a, b, chatId } = await pairChat();
    expect((await say(a, chatId, "hi")).status).toBe(200);
    await unfriend(b.id, a.id);
    const res = await say(a, chatId, "still there?");
    expect(res.status).toBe(403);
    expect(res.body).toEqual(fail(1, `You are not friends with ${b.username}`));
    const back = await say(b, chatId, "bye");
    expect(back.body).toEqual(fail(1, `You are not friends with ${a.username}`));
  });

  it("sends racing an unfriending either land before it or are refused, never after", async () => {
    const { a, b, chatId } = await pairChat();
    const sends = Array.from({ length: 5 }, (_, i) => say(a, chatId, `m${i}`));
    const [, ...replies] = await Promise.all([unfriend(b.id, a.id), ...sends]);
    for (const r of replies) expect([200, 403]).toContain(r.status);
    const page = await as(b).get(`/messages/get_messages/${chatId}/-1/false/100/`);
    const msgs = page.body.payload.messages as { message_type: string }[];
    const system = msgs.findIndex((m) => m.message_type === "system");
    expect(msgs.slice(system + 1)).toEqual([]);
    expect(msgs.filter((m) => m.message_type === "text")).toHaveLength(
      replies.filter((r) => r.status === 200).length,
    );
  });
});

describe("GET /messages/filter_messages/{chat_id}/", () => {
  it("filters by sender, type, content and time range", async () => {
    const { owner, members, chatId } = await groupOf(2);
    await say(owner, chatId, "Hello there");
    await say(members[0]!, chatId, "hello again");
    await say(members[0]!, chatId, "100% sure_");
    const hello = await as(owner).get(`/messages/filter_messages/${chatId}/?content=HELLO`);
    expect(hello.status, hello.text).toBe(200);
    expect(hello.body.payload.messages.map((m: { content: string }) => m.content)).toEqual([
      "Hello there",
      "hello again",
    ]);
    const bySender = await as(owner).get(`/messages/filter_messages/${chatId}/?sender_id=${members[0]!.id}`);
    expect(bySender.body.payload.messages).toHaveLength(2);
    const wildcard = await as(owner).get(
      `/messages/filter_messages/${chatId}/?content=${encodeURIComponent("%")}`,
    );
    expect(wildcard.body.payload.messages.map((m: { content: string }) => m.content)).toEqual(["100% sure_"]);
    const now = Math.floor(Date.now() / 1000);
    const future = await as(owner).get(`/messages/filter_messages/${chatId}/?start_timestamp=${now + 3600}`);
    expect(future.body.payload.messages).toEqual([]);
    const past = await as(owner).get(
      `/messages/filter_messages/${chatId}/?start_timestamp=${now - 3600}&end_timestamp=${now + 3600}.5&message_type=text`,
    );
    expect(past.body.payload.messages).toHaveLength(3);
    const unknownType = await as(owner).get(`/messages/filter_messages/${chatId}/?message_type=sticker`);
    expect(unknownType.body.payload.messages).toEqual([]);
  });

  it("a long or multibyte content filter is matched literally, never a LIKE pattern D1 refuses (was a 500)", async () => {
    const { owner, chatId } = await groupOf(2);
    const long = "a".repeat(60);
    const cjk = "漢".repeat(20);
    await say(owner, chatId, `x${long}y`);
    await say(owner, chatId, cjk);
    const ascii = await as(owner).get(`/messages/filter_messages/${chatId}/?content=${long}`);
    expect(ascii.status, ascii.text).toBe(200);
    expect(ascii.body.payload.messages.map((m: { content: string }) => m.content)).toEqual([`x${long}y`]);
    const multibyte = await as(owner).get(
      `/messages/filter_messages/${chatId}/?content=${encodeURIComponent(cjk)}`,
    );
    expect(multibyte.status, multibyte.text).toBe(200);
    expect(multibyte.body.payload.messages.map((m: { content: string }) => m.content)).toEqual([cjk]);
    const tooLong = await as(owner).get(`/messages/filter_messages/${chatId}/?content=${"a".repeat(201)}`);
    expect(tooLong.status).toBe(400);
  });

  it("400 for a bad timestamp, 403 for a non-member, 404 for no chat", async () => {
    const { owner, chatId } = await groupOf(2);
    const bad = await as(owner).get(`/messages/filter_messages/${chatId}/?start_timestamp=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(fail(1, "Invalid start_timestamp format"));
    const badEnd = await as(owner).get(`/messages/filter_messages/${chatId}/?end_timestamp=1e999`);
    expect(badEnd.status).toBe(400);
    expect(badEnd.body).toEqual(fail(1, "Invalid end_timestamp format"));
    const outsider = await makeUserWithToken();
    const res = await as(outsider).get(`/messages/filter_messages/${chatId}/`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(fail(2, "User is not a member of this chat"));
    const none = await as(outsider).get(`/messages/filter_messages/999999999/`);
    expect(none.status).toBe(404);
    expect(none.body).toEqual(fail(2, "Chat not found"));
  });
});

describe("DELETE /messages/delete_message/{chat_id}/{message_id}/", () => {
  it("the sender recalls a message: it reads [message recalled by <username>] and its attachment goes", async () => {
    const { a, b, chatId } = await pairChat();
    const sent = await as(a).request("POST", `/messages/send_message/${chatId}/`, {
      body: form({ message_type: "image" }, { name: "p.jpg", bytes: JPEG_BYTES }),
    });
    const id = sent.body.payload.data.message_id;
    const key = (sent.body.payload.data.file_url as string).slice("/media/".length);
    const notMine = await as(b).delete(`/messages/delete_message/${chatId}/${id}/`);
    expect(notMine.status).toBe(403);
    const res = await as(a).delete(`/messages/delete_message/${chatId}/${id}/`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        message: "message deleted successfully",
        data: {
          message_id: id,
          sender_id: a.id,
          content: `[message recalled by ${a.username}]`,
          message_type: "system",
          timestamp: expect.any(Number),
        },
      },
    });
    const page = await as(b).get(`/messages/get_messages/${chatId}/-1/false/10/`);
    expect(page.body.payload.messages.at(-1)).toMatchObject({
      message_id: id,
      content: `[message recalled by ${a.username}]`,
      message_type: "system",
      file_url: null,
    });
    await eventually(async () => (await env.MEDIA.get(key)) === null);
    const again = await as(a).delete(`/messages/delete_message/${chatId}/${id}/`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual(fail(2, "Message does not exist"));
  });

  it("a group's manager recalls a member's message", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const sent = await say(members[0]!, chatId, "oops");
    const res = await as(owner).delete(
      `/messages/delete_message/${chatId}/${sent.body.payload.data.message_id}/`,
    );
    expect(res.status).toBe(200);
    expect(res.body.payload.data.content).toBe(`[message recalled by ${owner.username}]`);
  });

  it("404 Chat does not exist / Message does not exist; 403 (code 1) for a non-member", async () => {
    const { a, chatId } = await pairChat();
    const sent = await say(a, chatId, "x");
    const id = sent.body.payload.data.message_id;
    const noChat = await as(a).delete(`/messages/delete_message/999999999/${id}/`);
    expect(noChat.status).toBe(404);
    expect(noChat.body).toEqual(fail(2, "Chat does not exist"));
    const noMessage = await as(a).delete(`/messages/delete_message/${chatId}/999999999/`);
    expect(noMessage.status).toBe(404);
    expect(noMessage.body).toEqual(fail(2, "Message does not exist"));
    const outsider = await makeUserWithToken();
    const res = await as(outsider).delete(`/messages/delete_message/${chatId}/${id}/`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual(fail(1, "User is not a member of this chat"));
  });
});

describe("announcements", () => {
  it("an owner or manager posts and removes one; it shows in the chat's info", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const res = await as(owner).post(`/messages/send_announcement/${chatId}/`, {
      content: "Announcement content",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      payload: {
        id: expect.any(Number),
        chat_id: chatId,
        content: "Announcement content",
        timestamp: expect.any(Number),
      },
    });
    const info = await as(members[0]!).get(`/chat/get_chat_info/${chatId}/`);
    expect(info.body.payload.chat.chat_announcements).toEqual([
      {
        announcement_id: res.body.payload.id,
        content: "Announcement content",
        timestamp: expect.stringMatching(/Z$/),
      },
    ]);
    const byMember = await as(members[0]!).delete(
      `/messages/delete_announcement/${chatId}/${res.body.payload.id}/`,
    );
    expect(byMember.status).toBe(403);
    expect(byMember.body).toEqual(fail(2, "User does not have permissions to delete announcement"));
    const removed = await as(owner).delete(`/messages/delete_announcement/${chatId}/${res.body.payload.id}/`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual(res.body);
    const again = await as(owner).delete(`/messages/delete_announcement/${chatId}/${res.body.payload.id}/`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual(fail(2, "Announcement does not exist"));
  });

  it("400 Content is required; 403 for a member; 404 for a private or missing chat", async () => {
    const { owner, members, chatId } = await groupOf(2);
    for (const body of [{}, { content: "  " }]) {
      const res = await as(owner).post(`/messages/send_announcement/${chatId}/`, body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(fail(1, "Content is required"));
    }
    const byMember = await as(members[0]!).post(`/messages/send_announcement/${chatId}/`, { content: "hi" });
    expect(byMember.status).toBe(403);
    expect(byMember.body).toEqual(fail(2, "User does not have permissions to send announcement"));
    const { a, chatId: pair } = await pairChat();
    const priv = await as(a).post(`/messages/send_announcement/${pair}/`, { content: "hi" });
    expect(priv.status).toBe(404);
    expect(priv.body).toEqual(fail(2, "Group Chat does not exist"));
    const del = await as(a).delete(`/messages/delete_announcement/${pair}/1/`);
    expect(del.status).toBe(404);
    expect(del.body).toEqual(fail(2, "GroupChat does not exist"));
  });
});

// Issue 22 item 2: a deleted chat's and a recalled message's files stop being served at once,
// and leave R2: a recall's after the response, a deleted chat's by the hourly purge in bounded chunks.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { systemCtx } from "../../../src/domain/context";
import { purgeChats } from "../../../src/domain/maintenance/purge-chat";
import { UntypedClient } from "../../helpers/client";
import { as, groupOf, say } from "../../helpers/chats";
import { eventually } from "../../helpers/eventually";
import { testDeps } from "../../helpers/factories";
import { JPEG_BYTES, upload } from "../../helpers/fixtures";

const NOT_FOUND = { detail: "Not found." };
const OGG_BYTES = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
const keyOf = (url: string) => url.slice("/media/".length);
const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n;

async function attach(u: { access: string }, chatId: number, type: "image" | "file" | "voice") {
  const [name, bytes] =
    type === "image"
      ? ["p.jpg", JPEG_BYTES]
      : type === "voice"
        ? ["v.ogg", OGG_BYTES]
        : ["n.txt", new TextEncoder().encode("notes")];
  const body = upload("attachment", name, bytes);
  body.append("message_type", type);
  const res = await as(u).request("POST", `/messages/send_message/${chatId}/`, { body });
  expect(res.status, res.text).toBe(200);
  return res.body.payload.data as { message_id: number; file_url: string };
}

const purge = (limits = { chunk: 500, statements: 40 }) =>
  purgeChats(systemCtx(testDeps()), { now: new Date(), limits });

describe("DELETE /chat/delete_chat/{chat_id}/ and the chat's files", () => {
  it("its image, file and voice answer 404 right after the delete; the purge then removes them from R2 with the messages", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const files = [
      await attach(owner, chatId, "image"),
      await attach(members[0]!, chatId, "file"),
      await attach(owner, chatId, "voice"),
    ];
    await say(owner, chatId, "text too");
    for (const f of files) {
      const served = await new UntypedClient().get(f.file_url);
      expect(served.status, f.file_url).toBe(200);
      // Revalidated each time, so no cache keeps serving it once it is gone.
      expect(served.headers.get("Cache-Control")).toBe("private, no-cache");
    }

    const res = await as(owner).delete(`/chat/delete_chat/${chatId}/`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ code: 0, payload: {} });
    for (const f of files) {
      const gone = await new UntypedClient().get(f.file_url);
      expect(gone.status, f.file_url).toBe(404);
      expect(gone.body).toEqual(NOT_FOUND);
    }
    const page = await as(members[0]!).get(`/messages/get_messages/${chatId}/-1/false/10/`);
    expect(page.status).toBe(404);
    expect(page.body).toEqual({ code: 2, error: "Chat not found" });
    const list = await as(members[0]!).get("/chat/chatlist/");
    expect(list.body.payload.chats.map((c: { chat_id: number }) => c.chat_id)).not.toContain(chatId);

    // The delete itself was one short batch: the messages and files wait for the purge.
    expect(await count("SELECT count(*) AS n FROM messages WHERE chat_id = ?", chatId)).toBe(4);
    for (const f of files) expect(await env.MEDIA.head(keyOf(f.file_url))).not.toBeNull();
    expect(await purge()).toEqual({ chats: 1, rows: 4, more: false });
    for (const f of files) expect(await env.MEDIA.head(keyOf(f.file_url))).toBeNull();
    expect(await count("SELECT count(*) AS n FROM messages WHERE chat_id = ?", chatId)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM chats WHERE id = ?", chatId)).toBe(0);
  });

  it("a huge chat is deleted in one short batch and purged a bounded chunk per statement across runs", async () => {
    await purge();
    const { owner, chatId } = await groupOf(2);
    const file = await attach(owner, chatId, "image");
    await env.DB.prepare(
      `INSERT INTO messages (chat_id, sender_id, message_type, content, timestamp)
       WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 2499)
       SELECT ?, ?, 'text', 'm' || i, ? FROM seq`,
    )
      .bind(chatId, owner.id, Date.now())
      .run();
    await env.DB.prepare("INSERT INTO chat_announcements (chat_id, content, created_at) VALUES (?, 'a', ?)")
      .bind(chatId, Date.now())
      .run();
    expect((await as(owner).delete(`/chat/delete_chat/${chatId}/`)).status).toBe(200);
    expect((await new UntypedClient().get(file.file_url)).status).toBe(404);

    const limits = { chunk: 500, statements: 3 };
    expect(await purge(limits)).toEqual({ chats: 0, rows: 1500, more: true });
    expect(await count("SELECT count(*) AS n FROM messages WHERE chat_id = ?", chatId)).toBe(1000);
    // The image was the first message: its chunk let it go from R2.
    expect(await env.MEDIA.head(keyOf(file.file_url))).toBeNull();
    // The last 1000 messages, then the announcement; the chat's own row waits for a statement left.
    expect(await purge(limits)).toEqual({ chats: 0, rows: 1001, more: true });
    expect(await purge(limits)).toEqual({ chats: 1, rows: 0, more: false });
    expect(await count("SELECT count(*) AS n FROM chats WHERE id = ?", chatId)).toBe(0);
  });

  it("two deletes at once: one 200, the other 404 as for a chat that is gone", async () => {
    const { owner, chatId } = await groupOf(2);
    const answers = await Promise.all([
      as(owner).delete(`/chat/delete_chat/${chatId}/`),
      as(owner).delete(`/chat/delete_chat/${chatId}/`),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
    expect(answers.find((a) => a.status === 404)!.body).toEqual({
      code: 2,
      error: "User or group chat does not exist",
    });
  });

  it("a non-member cannot delete, and a member's files stay served after another chat's deletion", async () => {
    const kept = await groupOf(2);
    const file = await attach(kept.owner, kept.chatId, "image");
    const other = await groupOf(2);
    const res = await as(kept.owner).delete(`/chat/delete_chat/${other.chatId}/`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 2, error: "User or group chat does not exist" });
    expect((await as(other.owner).delete(`/chat/delete_chat/${other.chatId}/`)).status).toBe(200);
    await purge();
    expect((await new UntypedClient().get(file.file_url)).status).toBe(200);
  });
});

describe("DELETE /messages/delete_message/{chat_id}/{message_id}/ and the message's file", () => {
  it("the recalled file answers 404 right after the recall, and leaves R2", async () => {
    const { owner, chatId } = await groupOf(2);
    const f = await attach(owner, chatId, "image");
    expect((await new UntypedClient().get(f.file_url)).status).toBe(200);
    const res = await as(owner).delete(`/messages/delete_message/${chatId}/${f.message_id}/`);
    expect(res.status, res.text).toBe(200);
    const gone = await new UntypedClient().get(f.file_url);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(NOT_FOUND);
    await eventually(async () => (await env.MEDIA.head(keyOf(f.file_url))) === null);
  });
});

// Issue 22 item 3: Cocotree's chat, live over the per-user hub: GET /chat/stream/.
import { describe, expect, it } from "vitest";
import { UntypedClient } from "../helpers/client";
import { as, groupOf, pairChat, say } from "../helpers/chats";
import { befriend, makeUserWithToken } from "../helpers/factories";
import { openStream, StreamSocket, upgrade } from "../helpers/ws";

interface ChatFrame {
  type: string;
  chat_id?: number;
  muted?: boolean;
  payload?: Record<string, unknown>;
}

/** Opens the chat stream with a bare token in Authorization, as Cocotree's clients send it, and waits for "ready". */
async function openChat(
  access: string,
  query = "",
  headers: Record<string, string> = { Authorization: access },
) {
  const res = await upgrade(`/chat/stream/${query}`, headers);
  if (res.status !== 101 || !res.webSocket)
    throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  const socket = new StreamSocket(res.webSocket);
  await socket.frame((f) => (f as unknown as ChatFrame).type === "ready");
  return socket;
}

const chatFrames = (s: StreamSocket) => s.frames as unknown as ChatFrame[];
const waitFor = (s: StreamSocket, match: (f: ChatFrame) => boolean) =>
  s.frame((f) => match(f as unknown as ChatFrame)) as unknown as Promise<ChatFrame>;
const messageFrame = (id: number) => (f: ChatFrame) => f.type === "message" && f.payload?.message_id === id;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

describe("GET /chat/stream/", () => {
  it("two friends chat over real sockets: each message reaches the other's devices and the sender's own", async () => {
    const { a, b, chatId } = await pairChat();
    const [aSock, bSock, bPhone] = await Promise.all([
      openChat(a.access),
      openChat(b.access),
      openChat(b.access, `?token=${encodeURIComponent(b.access)}`, {}),
    ]);
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [from, to] = i % 2 ? [b, aSock] : [a, bSock];
      const started = Date.now();
      const sent = await say(from, chatId, `message ${i}`);
      expect(sent.status, sent.text).toBe(200);
      const frame = await waitFor(to, messageFrame(sent.body.payload.data.message_id));
      delays.push(Date.now() - started);
      expect(frame).toEqual({
        type: "message",
        id: expect.any(Number),
        chat_id: chatId,
        muted: false,
        payload: sent.body.payload.data,
      });
    }
    const last = await say(a, chatId, "to every device");
    await waitFor(bPhone, messageFrame(last.body.payload.data.message_id));
    await waitFor(aSock, messageFrame(last.body.payload.data.message_id));
    const sorted = [...delays].sort((x, y) => x - y);
    console.log(
      `chat send -> delivery over WebSocket (send request included), ms: p50 ${quantile(sorted, 0.5)} p99 ${quantile(sorted, 0.99)} n=${sorted.length}`,
    );
    for (const s of [aSock, bSock, bPhone]) s.close();
  });

  it("a muted chat still delivers, marked muted for the member who muted it", async () => {
    const { a, b, chatId } = await pairChat();
    await as(b).patch(`/chat/toggle_mute/${chatId}/`);
    const [aSock, bSock] = await Promise.all([openChat(a.access), openChat(b.access)]);
    const sent = await say(a, chatId, "psst");
    const id = sent.body.payload.data.message_id;
    expect((await waitFor(bSock, messageFrame(id))).muted).toBe(true);
    expect((await waitFor(aSock, messageFrame(id))).muted).toBe(false);
    aSock.close();
    bSock.close();
  });

  it("recalls and membership changes arrive; a removed member hears of the removal, then nothing more", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const [m1, m2] = members as [typeof owner, typeof owner];
    const [s1, s2] = await Promise.all([openChat(m1.access), openChat(m2.access)]);
    const sent = await say(owner, chatId, "soon gone");
    const id = sent.body.payload.data.message_id;
    await as(owner).delete(`/messages/delete_message/${chatId}/${id}/`);
    const recall = await waitFor(s1, (f) => f.type === "recall");
    expect(recall).toMatchObject({
      chat_id: chatId,
      payload: { message_id: id, content: `[message recalled by ${owner.username}]`, message_type: "system" },
    });
    await as(owner).post(`/chat/remove_member/${chatId}/${m2.id}/`);
    expect(await waitFor(s2, (f) => f.type === "members")).toEqual({
      type: "members",
      id: expect.any(Number),
      chat_id: chatId,
      muted: false,
      payload: { change: "removed", user_id: m2.id },
    });
    await waitFor(s1, (f) => f.type === "members" && f.payload?.change === "removed");
    const after = await say(owner, chatId, "members only");
    await waitFor(s1, messageFrame(after.body.payload.data.message_id));
    expect(chatFrames(s2).some(messageFrame(after.body.payload.data.message_id))).toBe(false);
    s1.close();
    s2.close();
  });

  it("the chat socket hears only chats, the notification socket only notifications", async () => {
    const [a, b] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    const [chatSock, notifSock] = await Promise.all([openChat(a.access), openStream(a.access)]);
    await befriend(a.id, b.id);
    await notifSock.frame((f) => f.event === "notification");
    const list = await as(a).get("/chat/chatlist/");
    const sent = await say(b, list.body.payload.chats[0].chat_id, "hi");
    await waitFor(chatSock, messageFrame(sent.body.payload.data.message_id));
    expect(chatFrames(chatSock).every((f) => f.type !== undefined)).toBe(true);
    expect(notifSock.frames.every((f) => f.event !== undefined)).toBe(true);
    chatSock.close();
    notifSock.close();
  });

  it("401 without credentials, in Cocotree's envelope; 426 for a plain GET", async () => {
    const res = await upgrade("/chat/stream/");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 1, error: "Authentication credentials were not provided." });
    const u = await makeUserWithToken();
    const plain = await new UntypedClient().withToken(u.access).get("/chat/stream/");
    expect(plain.status).toBe(426);
    expect(plain.body).toEqual({ code: 1, error: "Expected a WebSocket upgrade." });
  });
});

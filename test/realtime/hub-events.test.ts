// Issue 21 item 6: the user hub carries typed events; each socket hears them in the words of the API that opened it.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Notification } from "../../src/domain/notifications/events";
import type { HubEvent } from "../../src/realtime/frames";
import { SERVICE_RESTART } from "../../src/realtime/user-hub";
import { makeUserWithToken } from "../helpers/factories";
import { openStream, StreamSocket, upgrade } from "../helpers/ws";

const hubOf = (userId: number) => env.USER_HUB.getByName(String(userId));

/** GET /chat/stream/, Cocotree's, with a bare token as its clients send it; resolves once it says ready. */
async function openChat(access: string) {
  const res = await upgrade("/chat/stream/", { Authorization: access });
  if (res.status !== 101 || !res.webSocket)
    throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  const socket = new StreamSocket(res.webSocket);
  await socket.frame(typed("ready"));
  return socket;
}

/** Matches a Cocotree frame (`{"type": …}`) of that type. */
const typed = (type: string, messageId?: number) => (f: object) => {
  const frame = f as { type?: string; payload?: { message_id?: number } };
  return frame.type === type && (messageId === undefined || frame.payload?.message_id === messageId);
};

const notification = (userId: number, id: number): Notification => ({
  id,
  userId,
  category: "general",
  isRead: false,
  createdAt: new Date("2026-01-02T03:04:05Z"),
  event: { type: "welcome", username: "alice" },
});

const chatMessage = (id: number): HubEvent => ({
  kind: "chat",
  id: id + 5000,
  muted: true,
  event: {
    kind: "message",
    chatId: 7,
    message: {
      id,
      senderId: 1,
      replyId: null,
      replyCount: 0,
      content: "hi",
      messageType: "text",
      timestamp: new Date("2026-01-02T03:04:05Z"),
      fileUrl: null,
    },
  },
});

describe("UserHub: typed events, worded per API", () => {
  it("one event reaches each socket in its own API's words; a socket whose API does not carry it hears nothing", async () => {
    const u = await makeUserWithToken();
    const [twimbol, cocotree] = await Promise.all([openStream(u.access), openChat(u.access)]);
    const hub = hubOf(u.id);
    // Each socket gets what it hears in the order sent: once its last event is in, anything before it it did not get never comes.
    await hub.send({ kind: "notification", notification: notification(u.id, 41) });
    await hub.send(chatMessage(900));
    await hub.send({ kind: "unread", count: 3 });
    await hub.send(chatMessage(901));
    await twimbol.frame((f) => f.event === "unread");
    await cocotree.frame(typed("message", 901));
    expect(twimbol.frames).toEqual([
      { event: "ready" },
      {
        event: "notification",
        payload: {
          id: 41,
          message: "Welcome alice! Your account has been successfully created.",
          created_at: "2026-01-02T03:04:05.000Z",
          is_read: false,
          page: "profile",
          page_item_id: null,
          notification_type: "general",
        },
      },
      { event: "unread", count: 3 },
    ]);
    const message = (id: number) => ({
      type: "message",
      id: id + 5000,
      chat_id: 7,
      muted: true,
      payload: {
        message_id: id,
        sender_id: 1,
        reply_id: null,
        reply_count: 0,
        content: "hi",
        message_type: "text",
        timestamp: 1767323045,
        file_url: null,
      },
    });
    expect(cocotree.frames).toEqual([{ type: "ready" }, message(900), message(901)]);
    twimbol.close();
    cocotree.close();
  });

  it("a socket whose API the hub cannot tell (opened by its older code) is closed with 1012 at the next event; the others hear it", async () => {
    const u = await makeUserWithToken();
    const old = await openStream(u.access);
    // What the hub stored before sockets knew their API: the stream's name instead.
    await runInDurableObject(hubOf(u.id), (_hub, state) => {
      for (const ws of state.getWebSockets()) {
        const { api: _api, ...rest } = ws.deserializeAttachment() as { api: string };
        ws.serializeAttachment({ ...rest, stream: "notifications" });
      }
    });
    const current = await openStream(u.access);
    await hubOf(u.id).send({ kind: "notification", notification: notification(u.id, 42) });
    expect(await old.whenClosed()).toEqual({ code: SERVICE_RESTART, reason: "reconnect" });
    expect((await current.frame((f) => f.event === "notification")).payload?.id).toBe(42);
    expect(old.notifications()).toEqual([]);
    current.close();
  });

  it("the hub refuses a socket for an API with no live words", async () => {
    const u = await makeUserWithToken();
    const res = await hubOf(u.id).fetch(
      new Request(`https://user-hub/connect?api=game&user=${u.id}&session=1`, {
        headers: { Upgrade: "websocket" },
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ detail: "Bad hub request." });
  });
});

// What a client may send on GET /api/notifications/stream (issue 8, findings 11 and 16):
// the stream is one-way, so a keep-alive "ping" at a modest pace and nothing else.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  MAX_CLIENT_FRAMES,
  MAX_FRAMES_AFTER_CLOSE,
  POLICY_VIOLATION,
  SESSION_ENDED,
} from "../../src/realtime/user-hub";
import { UntypedClient as Client } from "../helpers/client";
import { makeUserWithToken } from "../helpers/factories";
import { eventually } from "../helpers/eventually";
import { notifyNow } from "../helpers/notifications";
import { openStream } from "../helpers/ws";

const hubOf = (userId: number) => env.USER_HUB.getByName(String(userId));

/** The hub's socket count; a hub that reset itself answers its first call with the reset, so ask again. */
async function socketCount(userId: number) {
  try {
    return await hubOf(userId).connectionCount();
  } catch {
    return hubOf(userId).connectionCount();
  }
}

describe("GET /api/notifications/stream: client frames", () => {
  it('answers "ping" with "pong" and the socket stays live', async () => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    socket.send("ping");
    expect(await socket.textsReceived(1)).toEqual(["pong"]);
    const n = await notifyNow(u.id);
    await socket.frame((f) => f.event === "notification" && f.payload?.id === n.id);
    expect(socket.closed).toBeUndefined();
    socket.close();
  });

  it(`answers ${MAX_CLIENT_FRAMES} pings in a row; the next one closes the socket with 1008`, async () => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    for (let i = 0; i < MAX_CLIENT_FRAMES; i++) socket.send("ping");
    expect(await socket.textsReceived(MAX_CLIENT_FRAMES)).toEqual(Array(MAX_CLIENT_FRAMES).fill("pong"));
    expect(socket.closed).toBeUndefined();
    socket.send("ping");
    expect(await socket.whenClosed()).toEqual({ code: POLICY_VIOLATION, reason: "too many messages" });
    expect(socket.texts).toHaveLength(MAX_CLIENT_FRAMES);
  });

  it("a burst of pings is closed with 1008 after the first few answers", async () => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    for (let i = 0; i < 50; i++) socket.send("ping");
    expect(await socket.whenClosed()).toEqual({ code: POLICY_VIOLATION, reason: "too many messages" });
    expect(socket.texts).toEqual(Array(MAX_CLIENT_FRAMES).fill("pong"));
    await eventually(async () => (await socketCount(u.id)) === 0);
  });

  it.each([
    ["another text", "hello"],
    ["PING in capitals", "PING"],
    ["ping with a newline", "ping\n"],
    ["a JSON ping", '{"event":"ping"}'],
    ["an empty text", ""],
    ["a binary frame", new TextEncoder().encode("ping").buffer as ArrayBuffer],
  ])("closes with 1008 on %s, the first frame that is not a ping", async (_, frame) => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    socket.send(frame);
    expect(await socket.whenClosed()).toEqual({
      code: POLICY_VIOLATION,
      reason: "clients may only send ping",
    });
    expect(socket.texts).toEqual([]);
    await eventually(async () => (await hubOf(u.id).connectionCount()) === 0);
  });

  it("a burst that stops at the close costs only that socket", async () => {
    const u = await makeUserWithToken();
    const bursting = await openStream(u.access);
    const quiet = await openStream(u.access);
    for (let i = 0; i < MAX_FRAMES_AFTER_CLOSE / 2; i++) bursting.send("x");
    expect(await bursting.whenClosed()).toEqual({
      code: POLICY_VIOLATION,
      reason: "clients may only send ping",
    });
    quiet.send("ping");
    expect(await quiet.textsReceived(1)).toEqual(["pong"]);
    const n = await notifyNow(u.id);
    await quiet.frame((f) => f.event === "notification" && f.payload?.id === n.id);
    quiet.close();
  });

  it("a client that keeps sending after the close is cut off: the hub resets and serves again", async () => {
    const u = await makeUserWithToken();
    const flooding = await openStream(u.access);
    const sameUser = await openStream(u.access);
    for (let i = 0; i < MAX_FRAMES_AFTER_CLOSE + 50; i++) flooding.send("x");
    // The close frame may or may not leave before the reset cuts the connection.
    expect([POLICY_VIOLATION, 1006]).toContain((await flooding.whenClosed()).code);
    // The reset cuts this user's other sockets too (theirs alone); a reconnect works at once.
    expect((await sameUser.whenClosed()).code).toBe(1006);
    await eventually(async () => (await socketCount(u.id)) === 0);
    const again = await openStream(u.access);
    again.send("ping");
    expect(await again.textsReceived(1)).toEqual(["pong"]);
    again.close();
  });
});

describe("GET /api/notifications/stream: server-initiated close", () => {
  it("after logout the client gets the close event with 4401 and the hub sees the handshake through", async () => {
    const u = await makeUserWithToken();
    const socket = await openStream(u.access);
    expect(await hubOf(u.id).connectionCount()).toBe(1);
    expect((await new Client().withToken(u.access).post("/users/logout/")).status).toBe(200);
    expect(await socket.whenClosed()).toEqual({ code: SESSION_ENDED, reason: "session ended" });
    expect(socket.ws.readyState).toBe(WebSocket.CLOSED);
    // The client's reciprocal close reached the hub: the socket is gone from it, not left closing.
    await eventually(async () => (await hubOf(u.id).connectionCount()) === 0);
  });
});

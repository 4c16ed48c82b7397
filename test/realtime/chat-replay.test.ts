// Issue 22 item 3: a chat device that reconnects with ?since=<frame id> is replayed every frame it
// missed (messages, recalls, membership changes, deletions), in order, as notifications are.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { QueryCounter } from "../../src/db/client";
import { systemCtx } from "../../src/domain/context";
import { CHAT_REPLAY_LIMIT, missedChatEvents } from "../../src/domain/chats/feed";
import { as, groupOf, say } from "../helpers/chats";
import { testDeps } from "../helpers/factories";
import { StreamSocket, upgrade } from "../helpers/ws";

interface ChatFrame {
  type: string;
  id?: number;
  chat_id?: number;
  muted?: boolean;
  payload?: Record<string, unknown>;
}

async function openChat(access: string, query = "") {
  const res = await upgrade(`/chat/stream/${query}`, { Authorization: access });
  if (res.status !== 101 || !res.webSocket)
    throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  const socket = new StreamSocket(res.webSocket);
  await socket.frame((f) => (f as unknown as ChatFrame).type === "ready");
  return socket;
}

const framesOf = (s: StreamSocket) => s.frames as unknown as ChatFrame[];
const waitFor = (s: StreamSocket, match: (f: ChatFrame) => boolean) =>
  s.frame((f) => match(f as unknown as ChatFrame)) as unknown as Promise<ChatFrame>;
const message = (id: number) => (f: ChatFrame) => f.type === "message" && f.payload?.message_id === id;
const ANY_ID = expect.any(Number);

describe("GET /chat/stream/?since=<frame id>", () => {
  it("replays a recall, a removal and a message missed while away, in order, in the live frames' exact shapes", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const [m1, m2] = members as [typeof owner, typeof owner];
    const [away, watcher] = await Promise.all([openChat(m1.access), openChat(owner.access)]);
    const seen = await say(owner, chatId, "seen live");
    const cursor = (await waitFor(away, message(seen.body.payload.data.message_id))).id!;
    away.close();

    const gone = await say(owner, chatId, "soon recalled");
    const goneId = gone.body.payload.data.message_id as number;
    expect((await as(owner).delete(`/messages/delete_message/${chatId}/${goneId}/`)).status).toBe(200);
    expect((await as(owner).post(`/chat/remove_member/${chatId}/${m2.id}/`)).status).toBe(200);
    const last = await say(owner, chatId, "after the removal");
    const lastId = last.body.payload.data.message_id as number;
    // The owner's frame is recorded in the same statement as m1's: once it is live, m1's can be replayed.
    await waitFor(watcher, message(lastId));

    const back = await openChat(m1.access, `?since=${cursor}`);
    const recalled = {
      message_id: goneId,
      sender_id: owner.id,
      reply_id: null,
      reply_count: 0,
      content: `[message recalled by ${owner.username}]`,
      message_type: "system",
      timestamp: ANY_ID,
      file_url: null,
    };
    expect(framesOf(back)).toEqual([
      // A missed message is shown as it stands now: this one was recalled meanwhile.
      { type: "message", id: ANY_ID, chat_id: chatId, muted: false, payload: recalled },
      { type: "recall", id: ANY_ID, chat_id: chatId, muted: false, payload: recalled },
      {
        type: "members",
        id: ANY_ID,
        chat_id: chatId,
        muted: false,
        payload: { change: "removed", user_id: m2.id },
      },
      { type: "message", id: ANY_ID, chat_id: chatId, muted: false, payload: last.body.payload.data },
      { type: "ready" },
    ]);
    const ids = framesOf(back)
      .slice(0, 4)
      .map((f) => f.id!);
    expect(ids.every((id, i) => id > (i ? ids[i - 1]! : cursor))).toBe(true);
    // The same ids the live frames carried: the watcher's are its own, m1's replay matches what m1 would have seen live.
    const live = framesOf(watcher).filter((f) => f.type !== "ready");
    expect(live.map((f) => f.type)).toEqual(["message", "message", "recall", "members", "message"]);

    // Reconnecting from the last replayed frame replays nothing.
    back.close();
    const again = await openChat(m1.access, `?since=${ids.at(-1)}`);
    expect(framesOf(again)).toEqual([{ type: "ready" }]);
    again.close();
    watcher.close();
  });

  it("the removed member is replayed its own removal, and nothing of the chat after it; a deleted chat's members its deletion", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const [m1, m2] = members as [typeof owner, typeof owner];
    const [s1, s2, watcher] = await Promise.all([
      openChat(m1.access),
      openChat(m2.access),
      openChat(owner.access),
    ]);
    const seen = await say(owner, chatId, "seen");
    const id = seen.body.payload.data.message_id as number;
    const [c1, c2] = [(await waitFor(s1, message(id))).id!, (await waitFor(s2, message(id))).id!];
    s1.close();
    s2.close();
    expect((await as(owner).post(`/chat/remove_member/${chatId}/${m2.id}/`)).status).toBe(200);
    await say(owner, chatId, "m2 never sees this");
    expect((await as(owner).delete(`/chat/delete_chat/${chatId}/`)).status).toBe(200);
    await waitFor(watcher, (f) => f.type === "chat_deleted");

    const [b1, b2] = await Promise.all([
      openChat(m1.access, `?since=${c1}`),
      openChat(m2.access, `?since=${c2}`),
    ]);
    expect(framesOf(b2)).toEqual([
      {
        type: "members",
        id: ANY_ID,
        chat_id: chatId,
        muted: false,
        payload: { change: "removed", user_id: m2.id },
      },
      { type: "ready" },
    ]);
    expect(framesOf(b1).map((f) => f.type)).toEqual(["members", "message", "chat_deleted", "ready"]);
    expect(framesOf(b1)[2]).toEqual({
      type: "chat_deleted",
      id: ANY_ID,
      chat_id: chatId,
      muted: false,
      payload: {},
    });
    for (const s of [b1, b2, watcher]) s.close();
  });

  it("a device further behind than the replay's cap is told to resync, with the cursor to go on from, then hears live frames", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const m1 = members[0]!;
    const [s1, watcher] = await Promise.all([openChat(m1.access), openChat(owner.access)]);
    const seen = await say(owner, chatId, "seen");
    const cursor = (await waitFor(s1, message(seen.body.payload.data.message_id))).id!;
    s1.close();
    // More frames than one replay sends, recorded as the verbs record them (one row per recipient).
    await env.DB.prepare(
      `INSERT INTO chat_feed (user_id, chat_id, kind, change, subject_id, muted, created_at)
       WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
       SELECT ?, ?, 'members', 'manager_added', ?, 0, ? FROM seq`,
    )
      .bind(CHAT_REPLAY_LIMIT + 1, m1.id, chatId, m1.id, Date.now())
      .run();
    const newest = (await env.DB.prepare("SELECT max(id) AS id FROM chat_feed WHERE user_id = ?")
      .bind(m1.id)
      .first<{ id: number }>())!.id;

    const back = await openChat(m1.access, `?since=${cursor}`);
    expect(framesOf(back)).toEqual([{ type: "resync", id: newest }, { type: "ready" }]);
    const next = await say(owner, chatId, "live again");
    const frame = await waitFor(back, message(next.body.payload.data.message_id));
    expect(frame.id).toBeGreaterThan(newest);
    back.close();
    watcher.close();
  });

  it("a cursor past every frame (a message id from before frames had ids) is told to resync, not replayed nothing", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const m1 = members[0]!;
    await say(owner, chatId, "before the reconnect");
    const last = (await env.DB.prepare("SELECT max(id) AS id FROM chat_feed").first<{ id: number }>())!.id;
    const back = await openChat(m1.access, `?since=${last + 1_000_000}`);
    const frames = framesOf(back);
    expect(frames).toEqual([{ type: "resync", id: expect.any(Number) }, { type: "ready" }]);
    // The cursor to go on from is a real frame's, not the stale one.
    expect(frames[0]!.id).toBeGreaterThanOrEqual(last);
    expect(frames[0]!.id).toBeLessThan(last + 1_000_000);
    back.close();
  });

  it("one replay is two statements reading at most the cap's rows, however much the user's feed holds", async () => {
    const { owner, members, chatId } = await groupOf(2);
    const m1 = members[0]!;
    const seen = await say(owner, chatId, "seen");
    expect(seen.status).toBe(200);
    await env.DB.prepare(
      `INSERT INTO chat_feed (user_id, chat_id, kind, change, subject_id, muted, created_at)
       WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 3000)
       SELECT ?, ?, 'members', 'manager_added', ?, 0, ? FROM seq`,
    )
      .bind(m1.id, chatId, m1.id, Date.now())
      .run();
    const first = (await env.DB.prepare("SELECT min(id) AS id FROM chat_feed WHERE user_id = ?")
      .bind(m1.id)
      .first<{ id: number }>())!.id;
    const read = async (since: number) => {
      const counter: QueryCounter = { count: 0, rowsRead: 0, rowsWritten: 0 };
      const missed = await missedChatEvents(systemCtx(testDeps({ counter })), { userId: m1.id, since });
      return { missed, counter };
    };
    const caughtUp = await read(first + 2950);
    expect(caughtUp.missed.resync).toBe(false);
    expect(caughtUp.counter.count).toBe(2);
    expect(caughtUp.counter.rowsRead).toBeLessThanOrEqual(2 * (CHAT_REPLAY_LIMIT + 1));
    console.log(
      `chat replay, caught up: ${caughtUp.counter.count} statements, ${caughtUp.counter.rowsRead} rows read`,
    );
    const behind = await read(first - 1);
    expect(behind.missed.resync).toBe(true);
    expect(behind.counter.count).toBe(3);
    expect(behind.counter.rowsRead).toBeLessThanOrEqual(2 * (CHAT_REPLAY_LIMIT + 1) + 2);
    console.log(
      `chat replay, 3000 behind: ${behind.counter.count} statements, ${behind.counter.rowsRead} rows read`,
    );
  });

  it("400 for a since that is not a frame id, in Cocotree's envelope", async () => {
    const { owner } = await groupOf(2);
    const res = await upgrade("/chat/stream/?since=abc", { Authorization: owner.access });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 1,
      error: "since must be a frame id",
      payload: { since: ["since must be a frame id"] },
    });
  });
});

// Cocotree chat delivery latency: user A keeps `devices` WebSockets open on /chat/stream/; B sends
// A a message in their private chat (POST /messages/send_message/<chat>/); a sample is the time from
// sending that request until every one of A's sockets has the `{"type":"message"}` frame.
import { Skip, bearer } from "./context.mjs";
import { percentile } from "./load.mjs";
import { connect, nextNotification } from "./ws-delivery.mjs";

const STREAM = "/chat/stream/";
const MAX_MISSES_IN_A_ROW = 3;
const MAX_TOTAL_MS = 60_000;

/**
 * A and B become friends the way Cocotree's clients do (a request each way auto-accepts), then
 * their chat's id. The seed writes friendship rows without their chats, so a seeded pair is
 * unfriended first: befriending again makes the chat.
 */
async function pairChat(ctx, a, b) {
  await ctx.call("DELETE", `/users/friends/delete/${b.id}/`, { headers: bearer(a.access) });
  await ctx.call("POST", "/users/friends/request/", { json: { id: b.id }, headers: bearer(a.access) });
  await ctx.call("POST", "/users/friends/request/", { json: { id: a.id }, headers: bearer(b.access) });
  const list = await ctx.call("GET", "/chat/chatlist/", { headers: bearer(a.access) });
  const chat = list.body?.payload?.chats?.find((c) => c.private && c.chat_name === b.username);
  if (!chat) throw new Skip("no private chat after befriending");
  return chat.chat_id;
}

export async function measureChatDelivery(ctx, { samples, devices = 2, signal }) {
  const tokens = await ctx.tokens();
  const [a, b] = tokens.slice(-2);
  const probe = await ctx.call("GET", STREAM, { headers: bearer(a.access) });
  if (probe.status === 404) throw new Skip(`404 at ${STREAM}`);
  const chatId = await pairChat(ctx, a, b);
  const sockets = [];
  try {
    for (let d = 0; d < devices; d++) sockets.push(await connect(ctx.baseUrl, a.access, STREAM));
    const latencies = [];
    let errors = 0;
    let queries = 0;
    let misses = 0;
    const deadline = performance.now() + MAX_TOTAL_MS;
    for (
      let i = 0;
      i < samples * 2 &&
      latencies.length < samples &&
      misses < MAX_MISSES_IN_A_ROW &&
      performance.now() < deadline &&
      !signal?.aborted;
      i++
    ) {
      const frames = sockets.map((ws) => nextNotification(ws, (f) => f?.type === "message"));
      const t0 = performance.now();
      const res = await ctx.call("POST", `/messages/send_message/${chatId}/`, {
        json: { content: `bench ${i}`, message_type: "text" },
        headers: bearer(b.access),
      });
      queries += Number(res.headers.get("X-D1-Queries") ?? NaN);
      if (res.status !== 200) {
        frames.forEach((f) => f.cancel());
        errors += 1;
        continue;
      }
      const arrived = await Promise.all(frames.map((f) => f.at));
      misses = arrived.includes(null) ? misses + 1 : 0;
      if (misses) errors += 1;
      else latencies.push(Math.max(...arrived) - t0);
    }
    latencies.sort((x, y) => x - y);
    const sent = latencies.length + errors;
    return {
      requests: sent,
      rps: null,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors,
      queries: Number.isFinite(queries) && sent ? queries / sent : null,
      note: `${devices} sockets, ${latencies.length} samples`,
    };
  } finally {
    for (const ws of sockets) ws.close();
  }
}

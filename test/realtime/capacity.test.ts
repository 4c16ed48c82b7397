// How many sockets one user's hub holds. Counts only: timings belong in BENCHMARKS.md.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_SOCKETS, TOO_MANY_SOCKETS } from "../../src/realtime/user-hub";
import { makeUserWithToken } from "../helpers/factories";
import { eventually } from "../helpers/eventually";
import { notifyNow } from "../helpers/notifications";
import { openStream, type StreamSocket } from "../helpers/ws";

async function openMany(access: string, n: number) {
  const sockets: StreamSocket[] = [];
  // In waves, so the test opens many at once without queueing thousands of upgrades.
  while (sockets.length < n)
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, n - sockets.length) }, () => openStream(access)),
      )),
    );
  return sockets;
}

/** Closes every socket and waits for the hub to see them go, so no close event outlives the test. */
async function closeAll(userId: number, sockets: StreamSocket[]) {
  for (const s of sockets) s.close();
  await eventually(async () => (await env.USER_HUB.getByName(String(userId)).connectionCount()) === 0, {
    timeoutMs: 10_000,
    what: "every socket gone from the hub",
  });
}

describe("UserHub capacity", () => {
  it("200 concurrent sockets of one user all receive one notification", { timeout: 60_000 }, async () => {
    const u = await makeUserWithToken();
    const sockets = await openMany(u.access, 200);
    expect(await env.USER_HUB.getByName(String(u.id)).connectionCount()).toBe(200);
    const n = await notifyNow(u.id);
    await Promise.all(
      sockets.map((s) => s.frame((f) => f.event === "notification" && f.payload?.id === n.id, 10_000)),
    );
    console.log(`one hub held ${sockets.length} sockets; every one received the notification`);
    await closeAll(u.id, sockets);
  });

  it(`past ${MAX_SOCKETS} sockets the oldest is closed, not the hub`, { timeout: 120_000 }, async () => {
    const u = await makeUserWithToken();
    const oldest = await openStream(u.access);
    await new Promise((r) => setTimeout(r, 5));
    const sockets = [oldest, ...(await openMany(u.access, MAX_SOCKETS))];
    expect(await sockets[0]!.whenClosed()).toMatchObject({ code: TOO_MANY_SOCKETS });
    expect(await env.USER_HUB.getByName(String(u.id)).connectionCount()).toBe(MAX_SOCKETS);
    const n = await notifyNow(u.id);
    await sockets.at(-1)!.frame((f) => f.event === "notification" && f.payload?.id === n.id, 10_000);
    await closeAll(u.id, sockets);
  });
});

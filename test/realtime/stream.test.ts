import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, Client } from "../helpers/client";
import { makeUserWithToken } from "../helpers/factories";

describe("GET /api/notifications/stream", () => {
  it("upgrades an authenticated request to a WebSocket on the user's hub", async () => {
    const u = await makeUserWithToken();
    const res = await exports.default.fetch(
      new Request(`${BASE}/api/notifications/stream`, { headers: { Upgrade: "websocket", Authorization: `Bearer ${u.access}` } }),
    );
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const first = new Promise<string>((resolve) => ws.addEventListener("message", (e: MessageEvent) => resolve(String(e.data)), { once: true }));
    ws.accept();
    expect(JSON.parse(await first)).toEqual({ event: "ready" });
    ws.close(1000, "done");
  });

  it("401 without credentials", async () => {
    const res = await new Client().get("/api/notifications/stream", { headers: { Upgrade: "websocket" } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("426 for a plain GET", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).get("/api/notifications/stream");
    expect(res.status).toBe(426);
  });
});

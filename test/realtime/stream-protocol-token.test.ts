// Issue 22: a browser can keep its token out of the stream's URL (which proxies log) by offering it
// as a WebSocket subprotocol; ?token= keeps working for existing clients.
import { describe, expect, it } from "vitest";
import { makeUserWithToken } from "../helpers/factories";
import { StreamSocket, upgrade } from "../helpers/ws";

const PATHS = [
  ["/chat/stream/", (f: Record<string, unknown>) => f.type === "ready"],
  ["/api/notifications/stream", (f: Record<string, unknown>) => f.event === "ready"],
] as const;

describe("Sec-WebSocket-Protocol: stream, bearer.<token> on the live streams", () => {
  for (const [path, isReady] of PATHS) {
    it(`${path}: authenticates by the offered subprotocol and selects "stream", never echoing the token`, async () => {
      const u = await makeUserWithToken();
      const res = await upgrade(path, { "Sec-WebSocket-Protocol": `stream, bearer.${u.access}` });
      expect(res.status, res.status === 101 ? "" : await res.text()).toBe(101);
      expect(res.headers.get("Sec-WebSocket-Protocol")).toBe("stream");
      const socket = new StreamSocket(res.webSocket!);
      await socket.frame((f) => isReady(f as unknown as Record<string, unknown>));
      socket.close();
    });
  }

  it("a bad token in the subprotocol is 401 in the surface's envelope; ?token= still works and selects nothing it was not offered", async () => {
    const bad = await upgrade("/chat/stream/", { "Sec-WebSocket-Protocol": "stream, bearer.not-a-token" });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ code: 1, error: "Authentication credentials were not provided." });
    const u = await makeUserWithToken();
    const old = await upgrade(`/chat/stream/?token=${encodeURIComponent(u.access)}`);
    expect(old.status).toBe(101);
    expect(old.headers.get("Sec-WebSocket-Protocol")).toBeNull();
    const socket = new StreamSocket(old.webSocket!);
    await socket.frame((f) => (f as unknown as { type: string }).type === "ready");
    socket.close();
  });
});

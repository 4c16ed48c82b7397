// The live side of Cocotree's chat (its original delivered over Django Channels): GET /chat/stream/.
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../../../env";
import { streamViewer } from "../../../http/stream-viewer";
import { connectToHub } from "../../../realtime/hub-client";
import { cocotreeLive } from "./frames";
import { COCOTREE_UNAUTHENTICATED, fails, route } from "../declare";

const streamQuery = z.object({
  /** Replay what this device missed: messages of my chats with a greater id. */
  since: z.string().regex(/^[0-9]{1,15}$/, "since must be a message id").transform(Number).optional(),
  /** Last resort for browsers, which cannot set headers on a WebSocket; prefer the Authorization header. */
  token: z.string().max(4096).optional(),
});

export const chatStreamRoutes = new Hono<AppEnv>();

chatStreamRoutes.get(
  "/chat/stream/",
  route({
    summary:
      'WebSocket of my chats, live: {"type":"message"|"recall"|"members"|"chat_deleted","chat_id":n,"muted":bool,"payload":{…}}, then {"type":"ready"} once caught up; ?since=<message_id> replays missed messages',
    auth: streamViewer,
    query: streamQuery,
    responses: {
      101: { description: "Switching Protocols" },
      400: fails("Bad since"),
      401: COCOTREE_UNAUTHENTICATED,
      403: fails("Cookie socket from another site"),
      426: fails("Not a WebSocket upgrade"),
    },
  }),
  async (c) => {
    const viewer = c.var.viewer;
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") return c.json({ code: 1, error: "Expected a WebSocket upgrade." }, 426);
    return connectToHub(c.env.USER_HUB, { words: cocotreeLive, userId: viewer.user.id, sessionId: viewer.sessionId, since: c.req.valid("query").since });
  },
);

// The live side of Cocotree's chat (its original delivered over Django Channels): GET /chat/stream/.
import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../../../env";
import { selectStreamProtocol, streamViewer } from "../../../http/stream-viewer";
import { connectToHub } from "../../../realtime/hub-client";
import { cocotreeLive } from "./frames";
import { COCOTREE_UNAUTHENTICATED, fails, route } from "../declare";

const streamQuery = z.object({
  /** Replay what this device missed: the frames after the one with this id, or a resync frame when too many. */
  since: z
    .string()
    .regex(/^[0-9]{1,15}$/, "since must be a frame id")
    .transform(Number)
    .optional(),
  /** Kept for existing clients: a URL is logged by proxies. Prefer the Authorization header, or in a browser the subprotocol `bearer.<token>`. */
  token: z.string().max(4096).optional(),
});

export const chatStreamRoutes = new Hono<AppEnv>();

chatStreamRoutes.get(
  "/chat/stream/",
  route({
    summary:
      'WebSocket of my chats, live: {"type":"message"|"recall"|"members"|"chat_deleted","id":n,"chat_id":n,"muted":bool,"payload":{…}}, then {"type":"ready"} once caught up; ?since=<id of the last frame seen> replays every frame missed, in order, or sends {"type":"resync","id":n} when more than 100 were missed (read the lists again, then go on from that id)',
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
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
      return c.json({ code: 1, error: "Expected a WebSocket upgrade." }, 426);
    return selectStreamProtocol(
      c.req.raw,
      await connectToHub(c.env.USER_HUB, {
        words: cocotreeLive,
        userId: viewer.user.id,
        sessionId: viewer.sessionId,
        since: c.req.valid("query").since,
      }),
    );
  },
);

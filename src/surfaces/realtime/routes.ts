// seed 004 §9 Notifications, live delivery (DESIGN.md): GET /api/notifications/stream upgrades to a WebSocket on the user's hub.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { requireViewer } from "../../http/credentials";
import { replyWithError } from "../../http/envelope";
import { doc } from "../../http/openapi";
import { defaultDrfEnvelope } from "../shared/drf-envelope";

export const realtimeApp = new Hono<AppEnv>();
realtimeApp.onError((err, c) => replyWithError(c, defaultDrfEnvelope, err));

realtimeApp.get(
  "/api/notifications/stream",
  doc({ tag: "twimbol", summary: "WebSocket of live notifications", auth: true, responses: { 101: "Switching Protocols", 401: "Not authenticated", 426: "Not a WebSocket upgrade" } }),
  async (c) => {
    const viewer = await requireViewer(c);
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") return c.json({ detail: "Expected a WebSocket upgrade." }, 426);
    return c.env.USER_HUB.getByName(String(viewer.user.id)).fetch(c.req.raw);
  },
);

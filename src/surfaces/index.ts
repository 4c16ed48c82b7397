// THE surface list: app.ts mounts each surface and routes each path's errors to its owner.
// Adding an API is a folder with its index.ts and one line here.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { defineSurface, type Surface } from "../http/surface";
import type { HubFrames } from "../realtime/frames";
import { admin } from "./admin";
import { cocotree } from "./cocotree";
import { cocotreeChatFrames } from "./cocotree/chat-frames";
import { dev } from "./dev";
import { docs } from "./docs";
import { game } from "./game";
import { health } from "./health";
import { home } from "./home";
import { media } from "./media";
import { mediacms } from "./mediacms";
import { panel } from "./panel";
import { defaultDrfEnvelope } from "./shared/drf-envelope";
import { drfMethodNotAllowed } from "./shared/method-not-allowed";
import { twimbol } from "./twimbol";
import { twimbolStreamFrames } from "./twimbol/notification-serializers";

/** The client APIs, in the order /openapi.json lists them. */
const apis: readonly Surface[] = [game, cocotree, twimbol, mediacms, admin];

export const surfaces: readonly Surface[] = [media, ...apis, panel, dev, docs(apis), health, home(apis)];

/**
 * The live streams and the surface that words each: notifications are Twimbol's (GET
 * /api/notifications/stream), chats are Cocotree's (GET /chat/stream/). A socket hears only the
 * stream it opened. Handed to the hub and its client by the entry point (src/index.ts, app.ts),
 * so neither the domain's composition root nor src/realtime/ depends on a surface.
 */
export const streamFrames: HubFrames = { notifications: twimbolStreamFrames, chat: cocotreeChatFrames };

/** Paths no surface owns get a JSON 404 (or a pre-route 413/429) in DRF's envelope. */
export const unowned = defineSurface({
  name: "unowned",
  prefixes: [],
  envelope: defaultDrfEnvelope,
  app: new Hono<AppEnv>(),
  methodNotAllowed: drfMethodNotAllowed,
});

// THE surface list: app.ts mounts each surface and routes each path's errors to its owner.
// Adding an API is a folder with its index.ts and one line here.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { defineSurface, type Surface } from "../http/surface";
import { hubWordsOf } from "../realtime/frames";
import { admin } from "./admin";
import { cocotree } from "./cocotree";
import { cocotreeLive } from "./cocotree/chats/frames";
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
import { twimbolLive } from "./twimbol/notifications/serializers";

/** The client APIs, in the order /openapi.json lists them. */
const apis: readonly Surface[] = [game, cocotree, twimbol, mediacms, admin];

export const surfaces: readonly Surface[] = [media, ...apis, panel, dev, docs(apis), health, home(apis)];

/**
 * The APIs with a live stream, each wording the hub's events on the sockets it opened: Twimbol's
 * GET /api/notifications/stream, Cocotree's GET /chat/stream/. Handed to the hub by the entry
 * point (src/index.ts), so src/realtime/ depends on no surface.
 */
export const liveWords = hubWordsOf([twimbolLive, cocotreeLive]);

/** Paths no surface owns get a JSON 404 (or a pre-route 413/429) in DRF's envelope. */
export const unowned = defineSurface({
  name: "unowned",
  prefixes: [],
  envelope: defaultDrfEnvelope,
  app: new Hono<AppEnv>(),
  methodNotAllowed: drfMethodNotAllowed,
});

// THE surface list: app.ts mounts each surface and routes each path's errors to its owner.
// Adding an API is a folder with its index.ts and one line here.
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { defineSurface, type Surface } from "../http/surface";
import { admin } from "./admin";
import { dev } from "./dev";
import { docs } from "./docs";
import { game } from "./game";
import { health } from "./health";
import { media } from "./media";
import { defaultDrfEnvelope } from "./shared/drf-envelope";
import { drfMethodNotAllowed } from "./shared/method-not-allowed";
import { twimbol } from "./twimbol";

/** The client APIs, in the order /openapi.json lists them. */
const apis: readonly Surface[] = [game, twimbol, admin];

export const surfaces: readonly Surface[] = [media, ...apis, dev, docs(apis), health];

/** Paths no surface owns get a JSON 404 (or a pre-route 413/429) in DRF's envelope. */
export const unowned = defineSurface({
  name: "unowned",
  prefixes: [],
  envelope: defaultDrfEnvelope,
  app: new Hono<AppEnv>(),
  methodNotAllowed: drfMethodNotAllowed,
});

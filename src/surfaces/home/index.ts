// GET /: what a newcomer (or curl) finds at the root: where the reference, the spec and the probe live.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { defineSurface, type Surface } from "../../http/surface";
import { defaultDrfEnvelope } from "../shared/drf-envelope";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";

export const home = (apis: readonly Surface[]) =>
  defineSurface({
    name: "home",
    // The root path alone (see SurfaceSpec.prefixes).
    prefixes: ["/"],
    envelope: defaultDrfEnvelope,
    app: new Hono<AppEnv>().get("/", (c) =>
      c.json({
        service: "edge-social-api",
        docs: "/docs",
        openapi: "/openapi.json",
        health: "/healthz",
        apis: apis.map((api) => ({ name: api.name, prefixes: api.prefixes })),
      }),
    ),
    methodNotAllowed: drfMethodNotAllowed,
  });

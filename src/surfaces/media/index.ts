// DESIGN.md "Storage roles": /media/{key} served from R2, for every API's clients.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { mediaRoute } from "../../http/media-route";
import { defineSurface } from "../../http/surface";
import { drfEnvelope } from "../shared/drf-envelope";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { defaultAvatarRoute } from "./default-avatar";

export const media = defineSurface({
  name: "media",
  prefixes: ["/media/"],
  // A missing file is DRF's plain 404.
  envelope: drfEnvelope(["request", "media"], {}),
  // The default avatar first: no upload key has its path (keys are u/<id>/…), but the built-in wins regardless.
  app: new Hono<AppEnv>().route("/", defaultAvatarRoute).route("/", mediaRoute),
  methodNotAllowed: drfMethodNotAllowed,
});

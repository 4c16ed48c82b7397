// DESIGN.md "Storage roles": /media/{key} served from R2, for every API's clients.
import { mediaRoute } from "../../http/media-route";
import { defineSurface } from "../../http/surface";
import { defaultDrfEnvelope } from "../shared/drf-envelope";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";

export const media = defineSurface({
  name: "media",
  prefixes: ["/media/"],
  envelope: defaultDrfEnvelope,
  app: mediaRoute,
  methodNotAllowed: drfMethodNotAllowed,
});

// GET /healthz, outside every client API.
import { defineSurface } from "../../http/surface";
import { defaultDrfEnvelope } from "../shared/drf-envelope";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { healthRoutes } from "./routes";

export const health = defineSurface({
  name: "health",
  prefixes: ["/healthz"],
  envelope: defaultDrfEnvelope,
  app: healthRoutes,
  methodNotAllowed: drfMethodNotAllowed,
});

// Development helpers (the mail outbox); every route is a 404 outside development.
import { defineSurface } from "../../http/surface";
import { defaultDrfEnvelope } from "../shared/drf-envelope";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { devApp } from "./routes";

export const dev = defineSurface({
  name: "dev",
  prefixes: ["/_dev/"],
  envelope: defaultDrfEnvelope,
  app: devApp,
  methodNotAllowed: drfMethodNotAllowed,
});

// DESIGN.md "Admin API": the JSON admin API, DRF envelope.
import { defineSurface } from "../../http/surface";
import { defaultDrfEnvelope } from "../shared/drf-envelope";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { adminApp } from "./routes";

export const admin = defineSurface({
  name: "admin",
  prefixes: ["/api/admin/"],
  envelope: defaultDrfEnvelope,
  app: adminApp,
  methodNotAllowed: drfMethodNotAllowed,
});

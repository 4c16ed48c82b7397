// DESIGN.md "Admin API": the JSON admin API, DRF envelope.
import { defineSurface } from "../../http/surface";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { adminEnvelope } from "./errors";
import { adminApp } from "./routes";

export const admin = defineSurface({
  name: "admin",
  prefixes: ["/api/admin/"],
  envelope: adminEnvelope,
  app: adminApp,
  methodNotAllowed: drfMethodNotAllowed,
});

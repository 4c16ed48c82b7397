// /openapi.json and /docs, generated from the routes of the surfaces they are given.
import { defineSurface, type Surface } from "../../http/surface";
import { defaultDrfEnvelope } from "../shared/drf-envelope";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { docsRoutes } from "./routes";

export const docs = (documented: readonly Surface[]) =>
  defineSurface({
    name: "docs",
    prefixes: ["/openapi.json", "/docs/"],
    envelope: defaultDrfEnvelope,
    app: docsRoutes(documented),
    methodNotAllowed: drfMethodNotAllowed,
  });

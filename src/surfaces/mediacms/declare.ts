import { declareRoutes } from "../../http/openapi";
import { drfDetail } from "../shared/drf-error-schemas";

/** Every MediaCMS route declares itself through this (src/http/openapi.ts). */
export const route = declareRoutes({ tag: "mediacms", unsupportedMediaType: drfDetail });

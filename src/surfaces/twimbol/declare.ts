import { declareRoutes } from "../../http/openapi";
import { drfDetail } from "../shared/drf-error-schemas";

/** Every Twimbol route declares itself through this (src/http/openapi.ts). */
export const route = declareRoutes({ tag: "twimbol", unsupportedMediaType: drfDetail });

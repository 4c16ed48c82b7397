import { declareRoutes } from "../../http/openapi";
import { drfDetail } from "../shared/drf-error-schemas";

/** Every MediaCMS route declares itself through this (src/http/openapi.ts). */
export const route = declareRoutes({ tag: "mediacms", unsupportedMediaType: drfDetail });

/** The 2FA routes serve every API's accounts (their login routes answer `mfa_token`): a tag of their own, in MediaCMS's envelope. */
export const accountRoute = declareRoutes({ tag: "accounts", unsupportedMediaType: drfDetail });

// seed 000: MediaCMS (Cinemata): its users API, in DRF's {"detail": …} envelope.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { defineSurface } from "../../http/surface";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { mediaCmsEnvelope } from "./errors";
import { emailVerificationRoutes } from "./email-verification/routes";
import { identityRoutes } from "./identity/routes";
import { mediaRoutes } from "./media/routes";
import { twoFactorRoutes } from "./two-factor/routes";
import { usersRoutes } from "./users/routes";

export const mediacms = defineSurface({
  name: "mediacms",
  prefixes: ["/api/v1/", "/accounts/"],
  envelope: mediaCmsEnvelope,
  app: new Hono<AppEnv>()
    .route("/", usersRoutes)
    .route("/", twoFactorRoutes)
    .route("/", emailVerificationRoutes)
    .route("/", mediaRoutes)
    .route("/", identityRoutes),
  methodNotAllowed: drfMethodNotAllowed,
});

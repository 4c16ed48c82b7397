import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { replyWithError } from "../../http/envelope";
import { accountRoutes } from "./account-routes";
import { authRoutes } from "./auth-routes";
import { creatorRoutes } from "./creator-routes";
import { twimbolEnvelope } from "./errors";
import { parentRoutes } from "./parent-routes";
import { passwordRoutes } from "./password-routes";
import { socialRoutes } from "./social-routes";

/** seed 004: Twimbol's account side, one envelope for all of it. */
export const twimbolApp = new Hono<AppEnv>()
  .route("/", authRoutes)
  .route("/", accountRoutes)
  .route("/", passwordRoutes)
  .route("/", creatorRoutes)
  .route("/", socialRoutes)
  .route("/", parentRoutes);
twimbolApp.onError((err, c) => replyWithError(c, twimbolEnvelope, err));

export const TWIMBOL_PREFIXES = ["/user/", "/api/token/", "/api/parent/", "/api/posts/", "/api/reels/", "/api/search/", "/create/", "/api/post_"];

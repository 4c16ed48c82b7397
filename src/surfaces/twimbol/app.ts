import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { accountRoutes } from "./profile/routes";
import { authRoutes } from "./auth/routes";
import { commentRoutes } from "./comments/routes";
import { createRoutes } from "./videos/create-routes";
import { creatorRoutes } from "./creators/routes";
import { notificationsApp } from "./notifications/routes";
import { parentRoutes } from "./parent/routes";
import { markRoutes } from "./marks/routes";
import { passwordRoutes } from "./auth/password-routes";
import { postRoutes } from "./posts/routes";
import { reelRoutes } from "./reels/routes";
import { searchRoutes } from "./search/routes";
import { socialRoutes } from "./social/routes";
import { uploadRoutes } from "./videos/upload-routes";

/** seed 004: Twimbol, one envelope for all of it. */
export const twimbolApp = new Hono<AppEnv>()
  .route("/", authRoutes)
  .route("/", accountRoutes)
  .route("/", passwordRoutes)
  .route("/", creatorRoutes)
  .route("/", socialRoutes)
  .route("/", parentRoutes)
  .route("/", notificationsApp)
  .route("/", postRoutes)
  .route("/", reelRoutes)
  .route("/", searchRoutes)
  .route("/", markRoutes)
  .route("/", commentRoutes)
  .route("/", createRoutes)
  .route("/", uploadRoutes);

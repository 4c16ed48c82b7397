import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { accountRoutes } from "./account-routes";
import { authRoutes } from "./auth-routes";
import { commentRoutes } from "./comment-routes";
import { createRoutes } from "./create-routes";
import { creatorRoutes } from "./creator-routes";
import { notificationsApp } from "./notification-routes";
import { parentRoutes } from "./parent-routes";
import { markRoutes } from "./mark-routes";
import { passwordRoutes } from "./password-routes";
import { postRoutes } from "./post-routes";
import { reelRoutes } from "./reel-routes";
import { searchRoutes } from "./search-routes";
import { socialRoutes } from "./social-routes";
import { uploadRoutes } from "./upload-routes";

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

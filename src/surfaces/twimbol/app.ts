import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { accountRoutes } from "./account-routes";
import { authRoutes } from "./auth-routes";
import { createRoutes } from "./create-routes";
import { creatorRoutes } from "./creator-routes";
import { notificationsApp } from "./notification-routes";
import { parentRoutes } from "./parent-routes";
import { passwordRoutes } from "./password-routes";
import { postRoutes } from "./post-routes";
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
  .route("/", createRoutes)
  .route("/", uploadRoutes);

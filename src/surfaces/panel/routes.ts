// The admin panel's app (issue 14): its pages, the stylesheet, and the headers on everything.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { auditRoutes } from "./audit";
import { dashboardRoutes } from "./dashboard";
import { setPageHeaders, STYLESHEET } from "./layout";
import { loginRoutes } from "./login";
import { moderationRoutes } from "./moderation";
import { PANEL_CSS } from "./style";
import { userEditRoutes } from "./user-edit";
import { userRoutes } from "./users";
import { bulkRoutes } from "./bulk";

export const panelApp = new Hono<AppEnv>();

/**
 * Headers on every answer under /admin/. The sign-in gate (requirePanelAdmin) is the first handler of
 * each route but sign-in and the stylesheet, not a middleware here: a method no route declares must
 * still reach the 405 page, signed in or not.
 */
panelApp.use("/admin/*", async (c, next) => {
  setPageHeaders(c);
  await next();
});

panelApp.get(STYLESHEET, (c) => {
  c.header("Content-Type", "text/css; charset=utf-8");
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(PANEL_CSS);
});

panelApp
  .route("/", loginRoutes)
  .route("/", dashboardRoutes)
  .route("/", userRoutes)
  .route("/", userEditRoutes)
  .route("/", bulkRoutes)
  .route("/", moderationRoutes)
  .route("/", auditRoutes);

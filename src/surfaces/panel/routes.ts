// The admin panel's app (issue 14): headers on everything, the sign-in gate before every page but two.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { withoutTrailingSlash } from "../../http/trailing-slash";
import { auditRoutes } from "./audit";
import { dashboardRoutes } from "./dashboard";
import { setPageHeaders, STYLESHEET } from "./layout";
import { loginRoutes } from "./login";
import { moderationRoutes } from "./moderation";
import { requirePanelAdmin } from "./session";
import { PANEL_CSS } from "./style";
import { userRoutes } from "./users";

/** Open to anyone: the sign-in form and the stylesheet it needs. */
const OPEN = new Set(["/admin/login", withoutTrailingSlash(STYLESHEET)]);

export const panelApp = new Hono<AppEnv>();

panelApp.use("/admin/*", async (c, next) => {
  setPageHeaders(c);
  if (OPEN.has(withoutTrailingSlash(c.req.path))) return next();
  return requirePanelAdmin(c, next);
});

panelApp.get(STYLESHEET, (c) => {
  c.header("Content-Type", "text/css; charset=utf-8");
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(PANEL_CSS);
});

panelApp.route("/", loginRoutes).route("/", dashboardRoutes).route("/", userRoutes).route("/", moderationRoutes).route("/", auditRoutes);

// GET /healthz: a probe for load balancers and uptime checks, outside every client API.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { checkHealth } from "../../infra/health";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", async (c) => {
  const { healthy, checks } = await checkHealth(c.var.deps);
  c.header("Cache-Control", "no-store");
  return c.json({ status: healthy ? "ok" : "unavailable", checks }, healthy ? 200 : 503);
});

// GET /healthz: a probe for load balancers and uptime checks, outside every client API.
import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { checkHealth } from "../../infra/health";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", async (c) => {
  const { healthy, checks, problem } = await checkHealth(c.env, c.get("configProblem"));
  c.header("Cache-Control", "no-store");
  return c.json(
    { status: healthy ? "ok" : "unavailable", checks, ...(problem ? { problem } : {}) },
    healthy ? 200 : 503,
  );
});

// Development helpers (the mail outbox): absent outside development.
import { Hono } from "hono";
import { DomainError } from "../../domain/errors";
import type { AppEnv } from "../../env";
import { defineSurface } from "../../http/surface";
import { defaultDrfEnvelope } from "../shared/drf-envelope";
import { drfMethodNotAllowed } from "../shared/method-not-allowed";
import { devApp } from "./routes";

/** Outside development, or for a caller not on this machine, every method is a 404: a 405 would tell the routes exist. */
const app = new Hono<AppEnv>()
  .use("/_dev/*", async (c, next) => {
    const { isDevelopment, localRequest } = c.var.deps.config;
    if (!isDevelopment || !localRequest) throw new DomainError("NOT_FOUND", "route");
    await next();
  })
  .route("/", devApp);

export const dev = defineSurface({
  name: "dev",
  prefixes: ["/_dev/"],
  envelope: defaultDrfEnvelope,
  app,
  methodNotAllowed: drfMethodNotAllowed,
});

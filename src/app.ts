import { Hono } from "hono";
import type { QueryCounter } from "./db/client";
import { createDeps, type RequestDeps } from "./deps";
import { DomainError } from "./domain/errors";
import type { AppEnv } from "./env";
import { matchedRoutes } from "hono/route";
import { bodyLimits } from "./http/body-limits";
import { corsMiddleware } from "./http/cors";
import { bookmarkHeaders, startingPoint } from "./http/d1-bookmark";
import { declarationOf } from "./http/openapi";
import { requestLog } from "./http/request-log";
import { editResponseHeaders } from "./http/response-headers";
import { securityHeaders } from "./http/security-headers";
import { SurfaceRegistry } from "./http/surface-registry";
import { slashInsensitiveRouting } from "./http/trailing-slash";
import { ConfigError, isLocalRequest } from "./infra/config";
import { hitRateLimit, type RateLimitResult } from "./infra/rate-limiter";
import { surfaces, unowned } from "./surfaces";

const owners = new SurfaceRegistry(surfaces, unowned);

/** Paths that answer without a valid configuration: the root, the health probe and the API reference. */
const SERVED_UNCONFIGURED = /^\/((healthz|openapi\.json|docs)(\/.*)?)?$/;

export const app = new Hono<AppEnv>(slashInsensitiveRouting());

// Outermost, so every answer (the rate limiter's, the body cap's, each onError/notFound) gets these headers.
app.use("*", securityHeaders, corsMiddleware);

app.use(
  "*",
  requestLog((path) => owners.apiNameFor(path)),
);

app.use("*", async (c, next) => {
  const requestId = c.get("requestId");
  const counter: QueryCounter = { count: 0 };
  c.set("queryCounter", counter);
  let rateLimit: RateLimitResult | undefined;
  try {
    const localRequest = isLocalRequest(c.req.url, c.req.header("CF-Connecting-IP"));
    // The router has already matched: the declaration of the route this request will reach says where its session starts.
    const declared = matchedRoutes(c)
      .map((r) => declarationOf(r.handler)?.d1Session)
      .find(Boolean);
    const d1Session = startingPoint(c, declared);
    let deps: RequestDeps;
    try {
      deps = createDeps(c.env, (task) => c.executionCtx.waitUntil(task), {
        counter,
        localRequest,
        d1Session,
      });
    } catch (err) {
      // A probe must tell "misconfigured" from "crashed", and the reference needs no secret. A
      // binding missing altogether (createDeps opens the D1 session) is the probe's own check to name.
      const probe = /^\/healthz\/?$/.test(c.req.path);
      if (!probe && !(err instanceof ConfigError && SERVED_UNCONFIGURED.test(c.req.path))) throw err;
      if (err instanceof ConfigError) c.set("configProblem", err.message);
      await next();
      return;
    }
    c.set("deps", deps);
    rateLimit = await hitRateLimit(
      c.env.KV,
      c.req.header("CF-Connecting-IP") ?? "anonymous",
      deps.config.rateLimitPerMinute,
      Date.now(),
      (p) => c.executionCtx.waitUntil(p),
    );
    if (!rateLimit.allowed)
      throw new DomainError("RATE_LIMITED", "too_many_requests", {
        retryAfterSeconds: Math.max(1, rateLimit.reset - Math.floor(Date.now() / 1000)),
      });
    await next();
  } finally {
    const stamp: Record<string, string> = { "X-Request-Id": requestId };
    if (rateLimit) {
      stamp["X-Rate-Limit-Limit"] = String(rateLimit.limit);
      stamp["X-Rate-Limit-Remaining"] = String(rateLimit.remaining);
      stamp["X-Rate-Limit-Reset"] = String(rateLimit.reset);
    }
    if (c.get("deps")?.config.countQueries) {
      stamp["X-D1-Queries"] = String(counter.count);
      if (rateLimit) stamp["X-KV-Writes"] = rateLimit.kvWrite ? "1" : "0";
      if (counter.rowsRead !== undefined) stamp["X-D1-Rows-Read"] = String(counter.rowsRead);
      if (counter.rowsWritten !== undefined) stamp["X-D1-Rows-Written"] = String(counter.rowsWritten);
    }
    const deps = c.get("deps") as RequestDeps | undefined;
    if (c.res.status !== 101)
      await editResponseHeaders(c, (h) => {
        Object.entries(stamp).forEach(([k, v]) => h.set(k, v));
        bookmarkHeaders(c, deps?.d1Bookmark() ?? null, h);
      });
  }
});

// Bodies are bounded before any route reads them (src/http/body-limits.ts).
app.use("*", bodyLimits);

owners.mount(app);

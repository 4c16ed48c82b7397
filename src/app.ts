import { Hono, type Context } from "hono";
import type { QueryCounter } from "./db/client";
import { createDeps } from "./deps";
import { DomainError } from "./domain/errors";
import type { AppEnv } from "./env";
import { bodyLimits } from "./http/body-limits";
import { corsMiddleware } from "./http/cors";
import { replyWithError } from "./http/envelope";
import { mediaRoute } from "./http/media-route";
import { requestLog } from "./http/request-log";
import { securityHeaders } from "./http/security-headers";
import { SurfaceRegistry } from "./http/surface-registry";
import { slashInsensitiveRouting } from "./http/trailing-slash";
import { isLocalRequest } from "./infra/config";
import { hitRateLimit, type RateLimitResult } from "./infra/rate-limiter";
import { adminApp, adminEnvelope } from "./surfaces/admin/routes";
import { devApp } from "./surfaces/dev/routes";
import { docsRoutes } from "./surfaces/docs/routes";
import { gameApp } from "./surfaces/game/routes";
import { gameEnvelope } from "./surfaces/game/errors";
import { healthRoutes } from "./surfaces/health/routes";
import { defaultDrfEnvelope } from "./surfaces/shared/drf-envelope";
import { TWIMBOL_PREFIXES, twimbolApp } from "./surfaces/twimbol/app";
import { twimbolEnvelope } from "./surfaces/twimbol/errors";
import { notificationsApp } from "./surfaces/twimbol/notification-routes";

const surfaces = new SurfaceRegistry(defaultDrfEnvelope)
  .register(gameEnvelope, "/users/")
  .register(adminEnvelope, "/api/admin/")
  .register(twimbolEnvelope, ...TWIMBOL_PREFIXES)
  .register(twimbolEnvelope, "/api/notifications/");
const documented = [gameApp, twimbolApp, notificationsApp, adminApp];

export const app = new Hono<AppEnv>(slashInsensitiveRouting());

// Outermost, so every answer (the rate limiter's, the body cap's, each onError/notFound) gets these headers.
app.use("*", securityHeaders, corsMiddleware);

app.use("*", requestLog((path) => surfaces.prefixFor(path)));

app.use("*", async (c, next) => {
  const requestId = sanitizeRequestId(c.req.header("X-Request-Id")) ?? crypto.randomUUID();
  c.set("requestId", requestId);
  const counter: QueryCounter = { count: 0 };
  c.set("queryCounter", counter);
  let rateLimit: RateLimitResult | undefined;
  try {
    const localRequest = isLocalRequest(c.req.url, c.req.header("CF-Connecting-IP"));
    const deps = createDeps(c.env, (task) => c.executionCtx.waitUntil(task), { counter, localRequest });
    c.set("deps", deps);
    rateLimit = await hitRateLimit(c.env.KV, c.req.header("CF-Connecting-IP") ?? "anonymous", deps.config.rateLimitPerMinute, Date.now(), (p) =>
      c.executionCtx.waitUntil(p),
    );
    if (!rateLimit.allowed) throw new DomainError("RATE_LIMITED", "too_many_requests", { retryAfterSeconds: Math.max(1, rateLimit.reset - Math.floor(Date.now() / 1000)) });
    await next();
  } finally {
    const stamp: Record<string, string> = { "X-Request-Id": requestId };
    if (rateLimit) {
      stamp["X-Rate-Limit-Limit"] = String(rateLimit.limit);
      stamp["X-Rate-Limit-Remaining"] = String(rateLimit.remaining);
      stamp["X-Rate-Limit-Reset"] = String(rateLimit.reset);
    }
    if (c.get("deps")?.config.countQueries) stamp["X-D1-Queries"] = String(counter.count);
    if (c.res.status !== 101) stampHeaders(c, stamp);
  }
});

/** A response passed through from elsewhere (a Durable Object, R2) may have immutable headers: copy it once then. */
function stampHeaders(c: Context<AppEnv>, headers: Record<string, string>) {
  try {
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  } catch {
    c.res = new Response(c.res.body, c.res);
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  }
}

// Bodies are bounded before any route reads them (src/http/body-limits.ts).
app.use("*", bodyLimits);

app.route("/", mediaRoute);
app.route("/", gameApp);
app.route("/", twimbolApp);
app.route("/", adminApp);
app.route("/", notificationsApp);
app.route("/", devApp);
app.route("/", docsRoutes(documented));
app.route("/", healthRoutes);

app.notFound((c) => replyWithError(c, surfaces.envelopeFor(c.req.path), new DomainError("NOT_FOUND", "route")));
app.onError((err, c) => replyWithError(c, surfaces.envelopeFor(c.req.path), err));

function sanitizeRequestId(value: string | undefined) {
  return value && /^[A-Za-z0-9._-]{1,128}$/.test(value) ? value : undefined;
}

import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../env";
import { log, withLogContext, type LogContext, type LogLevel } from "../infra/log";

/** One request as Workers Logs indexes it (observability is on in wrangler.toml). */
export interface RequestLogLine extends Omit<LogContext, "requestId"> {
  /** error: a 5xx; warn: a 4xx (the client's); info: the rest. */
  level: LogLevel;
  msg: "request";
  requestId: string;
  method: string;
  /** The route pattern that answered (`/users/:id{[0-9]+}/`), never the concrete path. */
  route: string | null;
  status: number;
  durationMs: number;
  userId: number | null;
  /** D1 statements sent, when they are counted (COUNT_QUERIES). */
  d1Statements?: number;
}

const levelOf = (status: number): LogLevel => (status >= 500 ? "error" : status >= 400 ? "warn" : "info");

/** A client's own id (X-Request-Id) is kept when it is a plain token; anything else is replaced. */
const sanitizeRequestId = (value: string | undefined) =>
  value && /^[A-Za-z0-9._-]{1,128}$/.test(value) ? value : undefined;

/** Where Cloudflare served the request from; absent locally and in tests unless the runtime fills them. */
function cloudflareFields(c: Context<AppEnv>): Pick<LogContext, "cfRay" | "colo"> {
  const cfRay = c.req.header("cf-ray");
  const colo = (c.req.raw.cf as { colo?: unknown } | undefined)?.colo;
  return { ...(cfRay ? { cfRay: cfRay.slice(0, 64) } : {}), ...(typeof colo === "string" ? { colo } : {}) };
}

/**
 * Sets the request id, and the log context every line written while serving the request carries
 * (src/infra/log.ts); then writes one JSON line per request once the answer is known. 2xx lines
 * are sampled (LOG_SAMPLE_2XX), every other status is always written. The line is built only from
 * the route pattern and values the app itself set, never from the URL, headers or body: a query
 * string may carry a token (`?token=` on the notification stream) and a path may carry a code.
 */
export function requestLog(apiOf: (path: string) => string | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = Date.now();
    const requestId = sanitizeRequestId(c.req.header("X-Request-Id")) ?? crypto.randomUUID();
    c.set("requestId", requestId);
    const context: LogContext = { requestId, api: apiOf(c.req.path), ...cloudflareFields(c) };
    let status = 500;
    try {
      await withLogContext(context, next);
      status = c.res.status;
    } finally {
      const deps = c.get("deps");
      // No deps: the configuration did not load, and the answer is a 503 or the reference (always written).
      const sampled = status < 200 || status >= 300 || Math.random() < (deps?.config.logSample2xx ?? 1);
      if (sampled) {
        const route = routePath(c);
        const counter = c.get("queryCounter");
        withLogContext(context, () =>
          log(levelOf(status), "request", {
            method: c.req.method,
            // A pattern of the global middleware means no route matched (the app's own 404).
            route: route && route !== "*" && route !== "/*" ? route : null,
            status,
            durationMs: Date.now() - started,
            userId: c.get("viewer")?.user.id ?? null,
            ...(counter && deps?.config.countQueries ? { d1Statements: counter.count } : {}),
          }),
        );
      }
    }
  };
}

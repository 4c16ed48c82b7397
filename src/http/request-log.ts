import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../env";

/** One request as Workers Logs indexes it (observability is on in wrangler.toml). */
export interface RequestLogLine {
  msg: "request";
  requestId: string | undefined;
  /** The registered path prefix of the API that owns the path, null for paths outside every API. */
  surface: string | null;
  method: string;
  /** The route pattern that answered (`/users/:id{[0-9]+}/`), never the concrete path. */
  route: string | null;
  status: number;
  durationMs: number;
  userId: number | null;
  /** D1 statements sent, when they are counted (COUNT_QUERIES). */
  d1Statements?: number;
}

/**
 * One JSON line per request, written once the answer is known. It is built only from the
 * route pattern and values the app itself set, never from the URL, headers or body: a query
 * string may carry a token (`?token=` on the notification stream) and a path may carry a code.
 */
export function requestLog(surfaceOf: (path: string) => string | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = Date.now();
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } finally {
      const route = routePath(c);
      const counter = c.get("queryCounter");
      const line: RequestLogLine = {
        msg: "request",
        requestId: c.get("requestId"),
        surface: surfaceOf(c.req.path),
        method: c.req.method,
        // A pattern of the global middleware means no route matched (the app's own 404).
        route: route && route !== "*" && route !== "/*" ? route : null,
        status,
        durationMs: Date.now() - started,
        userId: c.get("viewer")?.user.id ?? null,
        ...(counter && c.get("deps")?.config.countQueries ? { d1Statements: counter.count } : {}),
      };
      console.log(JSON.stringify(line));
    }
  };
}

import { AsyncLocalStorage } from "node:async_hooks";
import { DrizzleQueryError } from "drizzle-orm/errors";

export type LogLevel = "info" | "warn" | "error";

/** What every line written while serving one request carries, so Workers Logs can join them up. */
export interface LogContext {
  requestId: string;
  /** The name of the API that owns the path (`game`, `twimbol`), null outside every API. */
  api: string | null;
  /** Cloudflare's id for the request (header `cf-ray`), to join Cloudflare's own logs. */
  cfRay?: string;
  /** The data centre that served it (`request.cf.colo`). */
  colo?: string;
}

/**
 * One store per request, set by the request log middleware: a line written deep in the domain or
 * in a deferred task (waitUntil) still names its request without every caller passing it down.
 */
const requestContext = new AsyncLocalStorage<LogContext>();

export const withLogContext = <T>(context: LogContext, run: () => T): T => requestContext.run(context, run);

/** The workerd console method per level: Workers Logs files a line's level by it too. */
const write: Record<LogLevel, (line: string) => void> = {
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/**
 * The one log shape: a JSON line with `level` and `msg` first, then the request's context (null
 * `requestId` and `api` outside a request: the cron), then the caller's fields. Callers pass values they own, never a URL, header or
 * body: those can carry a token or a code.
 */
export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const context = requestContext.getStore();
  write[level](JSON.stringify({ level, msg, requestId: null, api: null, ...context, ...fields }));
}

/**
 * An error as a log field: its message, and where it was thrown. A failed drizzle query carries
 * its bound values in its message and stack (password and session hashes, TOTP secrets, emails),
 * so only its SQL and its cause are kept.
 */
export function errorFields(err: unknown): { error: string; stack?: string } {
  if (!(err instanceof Error)) return { error: String(err) };
  if (err instanceof DrizzleQueryError) {
    const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
    return { error: `Failed query: ${err.query}; cause: ${String(err.cause)}`, stack: frames.join("\n") };
  }
  return { error: String(err), ...(err.stack ? { stack: err.stack } : {}) };
}

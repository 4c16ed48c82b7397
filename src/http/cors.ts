// DESIGN.md "Cross-cutting contracts": CORS on every answer, credentials only for origins listed explicitly.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../env";
import { parseOriginList } from "../infra/config";
import { editResponseHeaders } from "./response-headers";

/**
 * What a browser client may send and read; Authorization and Content-Type are the ones every client needs.
 * X-D1-Bookmark goes both ways: a client reads it off one answer and sends it with the next (d1-bookmark.ts).
 */
const ALLOW_HEADERS = [
  "Authorization",
  "Content-Type",
  "Accept",
  "X-Request-Id",
  "X-CSRFToken",
  "X-Requested-With",
  "Range",
  "X-D1-Bookmark",
];
const ALLOW_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
// Content-Range / Accept-Ranges: the web client on another origin seeks videos with fetch() and Range.
const EXPOSE_HEADERS = [
  "X-Request-Id",
  "X-Rate-Limit-Limit",
  "X-Rate-Limit-Remaining",
  "X-Rate-Limit-Reset",
  "Retry-After",
  "Link",
  "Content-Range",
  "Accept-Ranges",
  "X-D1-Bookmark",
];
/** Chromium caps a cached preflight at 2 hours; longer is ignored there. */
const MAX_AGE_SECONDS = 7200;

const DEV_LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;

interface Policy {
  /** Listed by name: the only origins trusted with credentials. */
  listed: Set<string>;
  anyOrigin: boolean;
  devLocalhost: boolean;
}

interface Decision {
  allowOrigin: string | null;
  credentials: boolean;
}

const policies = new WeakMap<Env, Policy>();

function policyFor(env: Env): Policy {
  let policy = policies.get(env);
  if (!policy) {
    const origins = parseOriginList(env.CORS_ALLOWED_ORIGINS);
    policy = {
      listed: new Set(origins.filter((o) => o !== "*")),
      anyOrigin: origins.includes("*"),
      devLocalhost: env.ENVIRONMENT === "development",
    };
    policies.set(env, policy);
  }
  return policy;
}

function decide(policy: Policy, origin: string): Decision {
  const key = origin.toLowerCase();
  if (origin && policy.listed.has(key)) return { allowOrigin: origin, credentials: true };
  // `*` already covers a local dev origin, and answers the same to everyone (no Vary needed).
  if (policy.anyOrigin) return { allowOrigin: "*", credentials: false };
  if (origin && policy.devLocalhost && DEV_LOCAL_ORIGIN.test(key))
    return { allowOrigin: origin, credentials: false };
  return { allowOrigin: null, credentials: false };
}

const common = {
  allowMethods: ALLOW_METHODS,
  allowHeaders: ALLOW_HEADERS,
  exposeHeaders: EXPOSE_HEADERS,
  maxAge: MAX_AGE_SECONDS,
};
/** `*` alone: the same answer for every origin, so no `Vary: Origin`. */
const sameForEveryone = cors({ ...common, origin: "*" });
const perOrigin = cors({
  ...common,
  origin: (origin, c) => decide(policyFor(c.env as Env), origin).allowOrigin,
});

/**
 * hono/cors does the preflight and the allow/expose headers, but its `credentials`
 * option is one flag for every origin. Credentials must go only to origins listed by
 * name (never `*`, a dev localhost default or a reflected origin), so this wrapper adds
 * Access-Control-Allow-Credentials itself, per request, and takes the CORS headers back
 * off an answer to a refused origin (hono/cors still sets methods/headers/expose there).
 */
export const corsMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  // hono/cors takes every OPTIONS for a preflight; one without Origin and a requested
  // method is an ordinary request, answered by the routes (404/405 in their envelope).
  if (
    c.req.method === "OPTIONS" &&
    !(c.req.header("Origin") && c.req.header("Access-Control-Request-Method"))
  )
    return next();
  const policy = policyFor(c.env);
  const decision = decide(policy, c.req.header("Origin") ?? "");
  // Set before hono/cors runs: its preflight answer is built from these headers, and for
  // any other request Hono carries them over onto the route's (or error handler's) answer.
  if (decision.credentials) c.header("Access-Control-Allow-Credentials", "true");
  const handler = policy.anyOrigin && policy.listed.size === 0 ? sameForEveryone : perOrigin;
  const preflight = await handler(c, next);
  if (decision.allowOrigin) return preflight;
  if (preflight) {
    // Hono copies the headers the preflight was built from back onto it: strip both.
    stripCors(preflight.headers);
    stripCors(c.res.headers);
    return preflight;
  }
  if (c.res.status === 101) return;
  await editResponseHeaders(c, stripCors);
};

function stripCors(headers: Headers) {
  for (const name of [...headers.keys()]) if (name.startsWith("access-control-")) headers.delete(name);
}

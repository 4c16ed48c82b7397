// DESIGN.md "Layout": a surface is one object (its paths, envelope, onError, 404 and 405); app.ts mounts the list.
import type { Context, ErrorHandler, Hono } from "hono";
import { METHOD_NAME_ALL } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "../env";
import { replyWithError, type Envelope, type RenderReply } from "./envelope";
import { withoutTrailingSlash } from "./trailing-slash";

export interface SurfaceSpec {
  /** One word, unique in the list (`game`, `twimbol`). */
  name: string;
  /**
   * The paths it owns, each a run of whole segments (`/users/` owns `/users` and `/users/12/`,
   * never `/usersx`). The longest prefix of any surface wins, so a carve-out such as
   * `/users/user_info/` inside another surface's `/users/` is exact. `/` is the root path alone.
   */
  prefixes: readonly string[];
  /** How it words every error: its routes' throws, and pre-route refusals (413, 429) on its paths. */
  envelope: Envelope;
  /** Its routes, declared at their full paths; mounted at `/`. */
  app: Hono<AppEnv, any, any>;
  /** The body of a 405 (a known path, another method); the `Allow` header is added apart. */
  methodNotAllowed: (method: string) => object;
  /** How its error replies go on the wire; JSON unless given (the admin panel answers with pages). */
  render?: RenderReply;
}

export interface Surface extends Readonly<SurfaceSpec> {
  onError: ErrorHandler<AppEnv>;
  /** A request on its paths that no route took: 405 with `Allow` when the path has routes, else 404. */
  notFound: (c: Context<AppEnv>) => Response;
  /**
   * The methods its routes declare for a request path as the app's router matches it (one trailing
   * slash already dropped, see trailing-slash.ts), in `Allow` order; empty for an unknown path.
   */
  allowedMethods: (path: string) => readonly string[];
}

/** `Allow` lists the usual methods in this order, anything else after them. */
const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const rank = (method: string) =>
  METHOD_ORDER.includes(method) ? METHOD_ORDER.indexOf(method) : METHOD_ORDER.length;

/**
 * Every declared path (as the app's slash-insensitive router stores it) with the methods declared
 * on it. `ALL` entries are middleware or catch-alls: a path they cover never reaches the 404.
 * Hono serves HEAD from a GET route, so a GET path allows HEAD too.
 */
function methodRouter(app: Hono<AppEnv, any, any>) {
  const byPath = new Map<string, Set<string>>();
  for (const route of app.routes) {
    if (route.method === METHOD_NAME_ALL) continue;
    const path = withoutTrailingSlash(route.path);
    const methods = byPath.get(path) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === "GET") methods.add("HEAD");
    byPath.set(path, methods);
  }
  const router = new TrieRouter<string[]>();
  for (const [path, methods] of byPath)
    router.add(
      METHOD_NAME_ALL,
      path,
      [...methods].sort((a, b) => rank(a) - rank(b)),
    );
  return router;
}

/**
 * The surface object. It sets the app's onError, so its routes answer in its envelope; its
 * 404 and 405 are called by the root app, where unmatched requests end (hono does not run a
 * mounted app's notFound).
 *
 * Why not `hono/method-not-allowed`: it matches the request path against declared paths as
 * written (`/users/login/`), while this app matches without the trailing slash, and it runs
 * after every request; here the lookup runs only for requests no route took.
 */
export function defineSurface(spec: SurfaceSpec): Surface {
  const onError: ErrorHandler<AppEnv> = (err, c) => replyWithError(c, spec.envelope, err, spec.render);
  spec.app.onError(onError);
  // Built on the first unmatched request, once every route file has declared its routes.
  let router: TrieRouter<string[]> | undefined;
  const allowedMethods = (path: string) => {
    router ??= methodRouter(spec.app);
    const matches = router.match(METHOD_NAME_ALL, path)[0];
    if (matches.length === 1) return matches[0]![0];
    return [...new Set(matches.flatMap(([methods]) => methods))].sort((a, b) => rank(a) - rank(b));
  };
  return {
    ...spec,
    onError,
    allowedMethods,
    notFound(c) {
      const allow = allowedMethods(c.req.path);
      // A route that took the request and passed it on (next() past its last handler) is a 404, not a 405 naming its own method.
      if (allow.length === 0 || allow.includes(c.req.method))
        return replyWithError(c, spec.envelope, new DomainError("NOT_FOUND", "route"), spec.render);
      c.header("Allow", allow.join(", "));
      const body = spec.methodNotAllowed(c.req.method);
      return spec.render ? spec.render(c, { status: 405, body }) : c.json(body, 405);
    },
  };
}

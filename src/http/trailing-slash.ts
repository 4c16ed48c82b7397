import type { Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { getPath } from "hono/utils/url";

/** One trailing slash is forgiven, never more: `/a//` stays distinct from `/a`. */
export const withoutTrailingSlash = (path: string) =>
  path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;

/**
 * Hono's own router under one rule: a declared path is stored without its trailing slash.
 * Declarations keep their canonical form (the one the seeds and /openapi.json show).
 */
class SlashInsensitiveRouter<T> implements Router<T> {
  readonly name = "SlashInsensitiveRouter";
  private readonly inner: Router<T> = new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] });

  add(method: string, path: string, handler: T) {
    this.inner.add(method, withoutTrailingSlash(path), handler);
  }

  match(method: string, path: string) {
    return this.inner.match(method, path);
  }
}

/**
 * Options for the top-level app: every route answers with and without its trailing slash,
 * for every method, with no redirect (Django's APPEND_SLASH redirect drops a POST's body,
 * and clients call both forms). Request paths are matched, and seen by handlers as
 * `c.req.path`, without the slash. Media keys never end in `/` (`u/{id}/{kind}/{random}.{ext}`),
 * so `/media/<key>/` names the same object as `/media/<key>`.
 */
export function slashInsensitiveRouting() {
  return {
    router: new SlashInsensitiveRouter<any>(),
    getPath: (request: Request) => withoutTrailingSlash(getPath(request)),
  };
}

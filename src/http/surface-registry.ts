import type { Hono } from "hono";
import type { AppEnv } from "../env";
import type { Surface } from "./surface";
import { withoutTrailingSlash } from "./trailing-slash";

export interface Owner {
  surface: Surface;
  /** The prefix that won, as the surface declared it (`/users/`). */
  prefix: string;
}

/**
 * Which surface owns a path: the longest declared prefix, compared by whole segments and
 * without the trailing slash, so `/users/user_info/` (a carve-out) beats `/users/`, and
 * `/users/user_infox` stays with `/users/`. Errors raised before a route is reached (rate
 * limit, body size), unknown routes and wrong methods are answered by the owner.
 */
export class SurfaceRegistry {
  /** Keyed by the prefix without its trailing slash (`/users`). */
  private readonly owners = new Map<string, Owner>();
  /** Segments of the longest prefix: no longer candidate can own anything. */
  private readonly depth: number = 0;

  constructor(
    private readonly surfaces: readonly Surface[],
    /** Answers for paths no surface owns. */
    private readonly fallback: Surface,
  ) {
    const names = new Set<string>();
    for (const surface of surfaces) {
      if (names.has(surface.name)) throw new Error(`surface ${surface.name} is declared twice`);
      names.add(surface.name);
      for (const prefix of surface.prefixes) {
        const key = withoutTrailingSlash(prefix);
        // `/` alone is the root path itself (it owns nothing under it: that would be every path).
        if (key !== "/" && !/^(\/[^/]+)+$/.test(key))
          throw new Error(`surface ${surface.name}: prefix ${prefix} is not a run of whole path segments`);
        const taken = this.owners.get(key);
        if (taken)
          throw new Error(`prefix ${prefix} is declared by both ${taken.surface.name} and ${surface.name}`);
        this.owners.set(key, { surface, prefix });
        this.depth = Math.max(this.depth, key.split("/").length - 1);
      }
    }
  }

  /**
   * Mounts every surface's routes at `/`, then hands each request no route took, and each error
   * no surface caught (the ones raised before routing), to the surface that owns its path.
   */
  mount(app: Hono<AppEnv, any, any>) {
    for (const surface of this.surfaces) app.route("/", surface.app);
    app.notFound((c) => this.surfaceFor(c.req.path).notFound(c));
    app.onError((err, c) => this.surfaceFor(c.req.path).onError(err, c));
  }

  ownerOf(path: string): Owner | null {
    const segments = withoutTrailingSlash(path).split("/");
    for (let n = Math.min(segments.length - 1, this.depth); n > 0; n--) {
      const owner = this.owners.get(segments.slice(0, n + 1).join("/"));
      if (owner) return owner;
    }
    return null;
  }

  surfaceFor(path: string): Surface {
    return this.ownerOf(path)?.surface ?? this.fallback;
  }

  /** The owning prefix; null where no surface owns the path. */
  prefixFor(path: string): string | null {
    return this.ownerOf(path)?.prefix ?? null;
  }

  /** The owning surface's name, for logs (`game`); null where no surface owns the path. */
  apiNameFor(path: string): string | null {
    return this.ownerOf(path)?.surface.name ?? null;
  }
}

import type { Surface } from "../../src/http/surface";
import type { SurfaceRegistry } from "../../src/http/surface-registry";
import { withoutTrailingSlash } from "../../src/http/trailing-slash";

const segmentsOf = (path: string) => withoutTrailingSlash(path).split("/").slice(1);
const whole = (re: string) => new RegExp(`^(?:${re})$`);

/**
 * Whether some concrete path a route pattern matches starts with `prefix`'s segments:
 * `/users/:name/` can reach `/users/user_info/`, `/users/:id{[0-9]+}/` cannot. A wildcard
 * or a parameter whose pattern spans slashes (`:key{.+}`) can reach anything past it.
 */
export function mayReach(pattern: string, prefix: string): boolean {
  const route = segmentsOf(pattern);
  const wanted = segmentsOf(prefix);
  for (const [i, want] of wanted.entries()) {
    const segment = route[i];
    if (segment === undefined) return false;
    if (segment === "*") return true;
    const param = /^:\w+(?:\{(.+)\})?\??$/.exec(segment);
    if (!param) {
      if (segment !== want) return false;
      continue;
    }
    const re = param[1];
    if (re === undefined) continue;
    if (whole(re).test("a/b")) return true;
    if (!whole(re).test(want)) return false;
  }
  return true;
}

/**
 * Every route a surface declares that another surface would answer for, as
 * `"<declarer> <METHOD> <path> → <owner>"`: the pattern itself resolves elsewhere, or some
 * path it matches falls under a longer prefix of another surface (a carve-out).
 */
export function misownedRoutes(surfaces: readonly Surface[], owners: SurfaceRegistry): string[] {
  const out = new Set<string>();
  for (const surface of surfaces) {
    for (const route of surface.app.routes) {
      const label = `${surface.name} ${route.method} ${route.path}`;
      const owner = owners.ownerOf(route.path);
      if (owner?.surface !== surface) {
        out.add(`${label} → ${owner?.surface.name ?? "nobody"}`);
        continue;
      }
      const depth = segmentsOf(owner.prefix).length;
      for (const other of surfaces) {
        if (other === surface) continue;
        for (const prefix of other.prefixes) {
          if (segmentsOf(prefix).length > depth && mayReach(route.path, prefix))
            out.add(`${label} → ${other.name} (${prefix})`);
        }
      }
    }
  }
  return [...out];
}

import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makePost, makeUserWithToken } from "../helpers/factories";

interface BodyRoute {
  method: string;
  path: string;
  tag: string;
  statuses: string[];
}

/** Every documented route that reads a body, from /openapi.json, so a new one cannot forget the check. */
async function bodyRoutes(): Promise<BodyRoute[]> {
  const spec = (await new Client().get("/openapi.json")).body as {
    paths: Record<
      string,
      Record<string, { tags: string[]; requestBody?: unknown; responses: Record<string, unknown> }>
    >;
  };
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.requestBody)
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        tag: op.tags[0]!,
        statuses: Object.keys(op.responses),
      })),
  );
}

const unsupported = (tag: string, type: string) => {
  const message = `Unsupported media type "${type}" in request.`;
  if (tag === "cocotree") return { code: 1, error: message };
  return tag === "game" ? { errors: message } : { detail: message };
};

describe("every route that reads a body", () => {
  it("415 in its API's envelope for a body under a content type it does not parse, never a silent success", async () => {
    const routes = await bodyRoutes();
    expect(routes.length).toBeGreaterThan(12);
    for (const route of routes) {
      expect(route.statuses, `${route.method} ${route.path} documents its 415`).toContain("415");
      // Creating reels and videos needs a creator or an admin: a visitor hears 403 first.
      const u = await makeUserWithToken({
        groups: route.tag === "admin" || route.path.startsWith("/create/") ? ["visitor", "admin"] : undefined,
      });
      // A post route's id names a post of the caller's, so no 404 or 403 comes before the body is read.
      const postId = route.path.includes("{post_id}") ? String((await makePost(u.id)).id) : undefined;
      // A username names the caller's own account: MediaCMS's contact route reads its body once the user is found.
      const path = route.path.replace(
        /\{([^}]+)\}/g,
        (_, name: string) =>
          (name === "post_id" && postId) || (name === "username" && u.username) || String(u.id),
      );
      for (const type of ["text/plain", "application/xml"]) {
        const res = await new Client()
          .withToken(u.access)
          .request(route.method, path, { body: '{"first_name": "x"}', headers: { "Content-Type": type } });
        expect(res.status, `${route.method} ${path} ${type} ${res.text}`).toBe(415);
        expect(res.body).toEqual(unsupported(route.tag, type));
      }
    }
    // It walks every documented route: its time grows with the route count, not with the data.
  }, 60_000);
});

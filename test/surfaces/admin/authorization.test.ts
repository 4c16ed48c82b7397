import { describe, expect, it } from "vitest";
import { app } from "../../../src/app";
import { UntypedClient as Client } from "../../helpers/client";
import { makeUserWithToken } from "../../helpers/factories";

/** Every admin route the app serves, read from its own routing table, so a new one is covered without a line here. */
const adminRoutes = [
  ...new Map(
    app.routes
      .filter((r) => r.path.startsWith("/api/admin/") && r.method !== "ALL")
      .map((r) => [`${r.method} ${r.path}`, r]),
  ).values(),
].map((r) => ({ method: r.method, path: r.path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, "1") }));

/** Wrong in every way the admin schemas check: unknown field, bad types, unknown group, bad query. */
const HOSTILE_QUERY = "?status=9&limit=x";
const HOSTILE_BODY = { score: "lots", groups: ["root"], is_banned: "yes", password_hash: "x" };

function send(client: Client, route: { method: string; path: string }) {
  const withBody = route.method !== "GET" && route.method !== "HEAD";
  return client.request(route.method, route.path + HOSTILE_QUERY, withBody ? { json: HOSTILE_BODY } : {});
}

describe("every /api/admin/ route authorizes before it validates", () => {
  it("knows the admin routes", () => {
    expect(adminRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "GET /api/admin/creator-applications/",
        "POST /api/admin/creator-applications/1/approve/",
        "POST /api/admin/creator-applications/1/reject/",
        "PATCH /api/admin/users/1/",
      ]),
    );
  });

  it("401 for an anonymous caller and 403 for a non-admin, whatever the input", async () => {
    const user = await makeUserWithToken();
    const seen = [];
    for (const route of adminRoutes) {
      const anonymous = await send(new Client(), route);
      const nonAdmin = await send(new Client().withToken(user.access), route);
      seen.push({
        route,
        anonymous: [anonymous.status, anonymous.body],
        nonAdmin: [nonAdmin.status, nonAdmin.body],
      });
    }
    expect(seen).toEqual(
      adminRoutes.map((route) => ({
        route,
        anonymous: [401, { detail: "Authentication credentials were not provided." }],
        nonAdmin: [403, { detail: "You do not have permission to perform this action." }],
      })),
    );
  });
});

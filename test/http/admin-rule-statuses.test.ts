// The verbs that can refuse as last_admin (409) or admin_self (403): every JSON route that calls
// one declares that status, so /openapi.json and the typed client know the answer exists.
import { findTargetHandler } from "hono/utils/handler";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { declarationOf } from "../../src/http/openapi";

/** Verb (as the handler's source names it) → the statuses its refusals answer. */
const RAISES: Record<string, number[]> = {
  adminUpdateUser: [403, 409],
  adminDeleteUser: [403, 409],
  deleteUser: [409],
  deleteAccountByUsername: [409],
  deactivateUser: [409],
  anonymizeAccount: [409],
};

describe("routes calling the last-admin and admin-self verbs", () => {
  it("declare 409 (last_admin) and 403 (admin_self) wherever the verb they call can raise them", () => {
    const found: string[] = [];
    const missing: string[] = [];
    for (const r of app.routes) {
      // The admin panel's pages word these themselves (src/surfaces/panel/envelope.tsx); they are not API operations.
      if (r.method === "ALL" || r.path.startsWith("/admin/")) continue;
      const source = String(findTargetHandler(r.handler));
      const verbs = Object.keys(RAISES).filter((verb) => new RegExp(`\\b${verb}\\)?\\(`).test(source));
      if (!verbs.length) continue;
      const key = `${r.method} ${r.path}`;
      found.push(key);
      const declared = new Set(Object.keys(routeDeclaration(r.method, r.path)?.responses ?? {}).map(Number));
      for (const status of verbs.flatMap((v) => RAISES[v]!))
        if (!declared.has(status)) missing.push(`${key} ${status}`);
    }
    expect(missing).toEqual([]);
    // The sweep sees the routes it is about (a renamed verb would otherwise pass it silently).
    expect(found.sort()).toEqual([
      "DELETE /api/admin/users/:id{[0-9]+}/",
      "DELETE /api/v1/users/:username",
      "DELETE /users/:id{[0-9]+}/",
      "DELETE /users/delete_account/",
      "PATCH /api/admin/users/:id{[0-9]+}/",
      "PATCH /users/:id{[0-9]+}/",
      "POST /user/delete/",
    ]);
  });
});

/** The declaration of a route: hono lists its declaration middleware as a handler of the same method and path. */
function routeDeclaration(method: string, path: string) {
  for (const r of app.routes)
    if (r.method === method && r.path === path && declarationOf(r.handler)) return declarationOf(r.handler);
  return undefined;
}

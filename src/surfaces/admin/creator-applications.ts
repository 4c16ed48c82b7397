// DESIGN.md "Admin API": reviewing Twimbol creator applications (seed 004 §8).
import { Hono } from "hono";
import * as z from "zod";
import { listApplications, reviewApplication } from "../../domain/creators/applications";
import type { AppEnv } from "../../env";
import { requireViewer } from "../../http/credentials";
import { doc } from "../../http/openapi";
import { validate } from "../../http/validator";
import { adminOnly } from "./admin-only";

const TAG = "admin";
const statusQuery = z.object({ status: z.enum(["0", "1", "2"]).optional() });

export const creatorApplicationRoutes = new Hono<AppEnv>();

creatorApplicationRoutes.get(
  "/api/admin/creator-applications/",
  doc({ tag: TAG, summary: "Creator applications, optionally by status (0 pending, 1 approved, 2 rejected)", auth: true, query: statusQuery, responses: { 200: "[application]", 401: "Not authenticated", 403: "Not an admin" } }),
  adminOnly,
  validate("query", statusQuery),
  async (c) => {
    const viewer = await requireViewer(c);
    const status = c.req.valid("query").status;
    const rows = await listApplications(c.var.deps, viewer, status === undefined ? undefined : Number(status));
    return c.json(
      rows.map(({ application: a, username }) => ({
        id: a.id,
        user: a.userId,
        username,
        application_status: String(a.status),
        created_at: a.createdAt.toISOString(),
        reviewed_at: a.reviewedAt?.toISOString() ?? null,
      })),
    );
  },
);

for (const decision of ["approve", "reject"] as const) {
  creatorApplicationRoutes.post(
    `/api/admin/creator-applications/:id{[0-9]+}/${decision}/`,
    doc({ tag: TAG, summary: decision === "approve" ? "Approve: the user joins `creator`" : "Reject", auth: true, responses: { 200: "Reviewed", 401: "Not authenticated", 403: "Not an admin", 404: "No such application" } }),
    adminOnly,
    async (c) => {
      const viewer = await requireViewer(c);
      const reviewed = await reviewApplication(c.var.deps, viewer, Number(c.req.param("id")), decision);
      return c.json({ detail: `Application ${decision === "approve" ? "approved" : "rejected"}.`, id: reviewed.id, application_status: String(reviewed.status) });
    },
  );
}

// DESIGN.md "Admin API": reviewing Twimbol creator applications (seed 004 §8).
import { Hono } from "hono";
import * as z from "zod";
import { listApplications, reviewApplication } from "../../../domain/creators/applications";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { DRF_UNAUTHENTICATED, drfError, drfFieldErrors } from "../../shared/drf-error-schemas";
import { adminOnly, originOf, route } from "../admin-only";
import { adminApplicationItem, adminApplicationsBody, reviewedBody } from "../response-schemas";

const statusQuery = z.object({ status: z.enum(["0", "1", "2"]).optional() });

export const creatorApplicationRoutes = new Hono<AppEnv>();

creatorApplicationRoutes.get(
  "/api/admin/creator-applications/",
  route({
    summary: "Creator applications, optionally by status (0 pending, 1 approved, 2 rejected)",
    auth: true,
    guard: adminOnly,
    query: statusQuery,
    responses: {
      200: { description: "[application]", schema: adminApplicationsBody },
      400: drfError("Bad status", drfFieldErrors),
      401: DRF_UNAUTHENTICATED,
      403: drfError("Not an admin"),
    },
  }),
  async (c) => {
    const status = c.req.valid("query").status;
    const rows = await listApplications(ctxOf(c), {
      status: status === undefined ? undefined : Number(status),
    });
    return c.json(
      rows.map(({ application: a, username }): z.output<typeof adminApplicationItem> => ({
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
    route({
      summary: decision === "approve" ? "Approve: the user joins `creator`" : "Reject",
      auth: true,
      guard: adminOnly,
      responses: {
        200: { description: "Reviewed", schema: reviewedBody },
        401: DRF_UNAUTHENTICATED,
        403: drfError("Not an admin"),
        404: drfError("No such application"),
      },
    }),
    async (c) => {
      const reviewed = await reviewApplication(ctxOf(c), {
        id: Number(c.req.param("id")),
        decision,
        origin: originOf(c),
      });
      return c.json({
        detail: `Application ${decision === "approve" ? "approved" : "rejected"}.`,
        id: reviewed.id,
        application_status: String(reviewed.status),
      });
    },
  );
}

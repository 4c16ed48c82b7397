// DESIGN.md "Admin API": report moderation, post removal and the audit log (issue 14); the panel calls the same verbs.
import { Hono } from "hono";
import * as z from "zod";
import { listAudit } from "../../../domain/admin/audit";
import { adminDismissReports, adminRemovePost, listOpenReports } from "../../../domain/admin/moderation";
import { pageOrThrow } from "../../../domain/lists/page";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { DRF_UNAUTHENTICATED, drfError } from "../../shared/drf-error-schemas";
import { mediaCmsPageBody, pageRequestOf } from "../../shared/pagination";
import { adminOnly, originOf, route } from "../admin-only";
import {
  adminAuditItem,
  adminAuditPageBody,
  adminReportItem,
  adminReportsPageBody,
  dismissedBody,
} from "../response-schemas";

const pageQuery = z.object({ page: z.string().optional() });
const pageOf = (url: string) => {
  const { page } = pageRequestOf(url, { default: 1, sizeParam: null });
  return page === "last" ? NaN : page;
};

export const moderationRoutes = new Hono<AppEnv>();

moderationRoutes.get(
  "/api/admin/reports/",
  route({
    summary: "Posts with open reports, most reported first, with counts per reason (25 a page)",
    auth: true,
    guard: adminOnly,
    query: pageQuery,
    responses: {
      200: { description: "A page of reported posts", schema: adminReportsPageBody },
      401: DRF_UNAUTHENTICATED,
      403: drfError("Not an admin"),
      404: drfError("Invalid page."),
    },
  }),
  async (c) => {
    const page = pageOrThrow(await listOpenReports(ctxOf(c), { page: pageOf(c.req.url) }));
    return c.json(
      mediaCmsPageBody(page, c.req.url, (r): z.output<typeof adminReportItem> => ({
        post: {
          id: r.post.id,
          post_type: r.post.postType,
          post_title: r.post.title,
          post_description: r.post.description,
          created_by: r.post.createdBy,
          author: r.author,
        },
        reports: r.reports,
        reasons: r.reasons,
        first_reported_at: r.firstReportedAt.toISOString(),
        last_reported_at: r.lastReportedAt.toISOString(),
      })),
    );
  },
);

moderationRoutes.post(
  "/api/admin/reports/:postId{[0-9]+}/dismiss/",
  route({
    summary: "Dismiss every open report on a post (the post stays)",
    auth: true,
    guard: adminOnly,
    responses: {
      200: { description: "Dismissed", schema: dismissedBody },
      401: DRF_UNAUTHENTICATED,
      403: drfError("Not an admin"),
      404: drfError("No open report on that post"),
    },
  }),
  async (c) => {
    const { dismissed } = await adminDismissReports(ctxOf(c), {
      postId: Number(c.req.param("postId")),
      origin: originOf(c),
    });
    return c.json({ detail: "Reports dismissed.", dismissed });
  },
);

moderationRoutes.delete(
  "/api/admin/posts/:id{[0-9]+}/",
  route({
    summary: "Remove a post, reel or video with its likes, reports and comments",
    auth: true,
    guard: adminOnly,
    responses: {
      204: { description: "Removed" },
      401: DRF_UNAUTHENTICATED,
      403: drfError("Not an admin"),
      404: drfError("No such post"),
    },
  }),
  async (c) => {
    await adminRemovePost(ctxOf(c), { postId: Number(c.req.param("id")), origin: originOf(c) });
    return c.body(null, 204);
  },
);

moderationRoutes.get(
  "/api/admin/audit/",
  route({
    summary: "The audit log of admin actions (panel and API), newest first, 50 a page",
    auth: true,
    guard: adminOnly,
    query: pageQuery,
    responses: {
      200: { description: "A page of audit entries", schema: adminAuditPageBody },
      401: DRF_UNAUTHENTICATED,
      403: drfError("Not an admin"),
      404: drfError("Invalid page."),
    },
  }),
  async (c) => {
    const page = pageOrThrow(await listAudit(ctxOf(c), { page: pageOf(c.req.url) }));
    return c.json(
      mediaCmsPageBody(page, c.req.url, (a): z.output<typeof adminAuditItem> => ({
        id: a.id,
        actor: a.actorId,
        actor_username: a.actorName,
        action: a.action,
        object_type: a.objectType,
        object_id: a.objectId,
        ip: a.ip,
        detail: JSON.parse(a.detail) as Record<string, unknown>,
        created_at: a.createdAt.toISOString(),
      })),
    );
  },
);

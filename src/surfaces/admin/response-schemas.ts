// DESIGN.md "Admin API": the success bodies of the admin routes.
import * as z from "zod";

export const adminApplicationItem = z.object({
  id: z.number().int(),
  user: z.number().int(),
  username: z.string(),
  application_status: z.string(),
  created_at: z.iso.datetime(),
  reviewed_at: z.iso.datetime().nullable(),
});

export const adminApplicationsBody = z.array(adminApplicationItem);

export const reviewedBody = z.object({
  detail: z.string(),
  id: z.number().int(),
  application_status: z.string(),
});

export const adminUserBody = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  score: z.number().int(),
  groups: z.array(z.string()),
  is_active: z.boolean(),
  is_banned: z.boolean(),
  is_featured: z.boolean(),
  is_editor: z.boolean(),
  is_manager: z.boolean(),
  advancedUser: z.boolean(),
  allow_contact: z.boolean(),
  date_joined: z.iso.datetime(),
});

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });

export const adminReportItem = z.object({
  post: z.object({
    id: z.number().int(),
    post_type: z.string(),
    post_title: z.string(),
    post_description: z.string(),
    created_by: z.number().int(),
    author: z.string(),
  }),
  reports: z.number().int(),
  reasons: z.record(z.string(), z.number().int()),
  first_reported_at: z.iso.datetime(),
  last_reported_at: z.iso.datetime(),
});

export const adminReportsPageBody = pageOf(adminReportItem);

export const dismissedBody = z.object({ detail: z.string(), dismissed: z.number().int() });

export const adminAuditItem = z.object({
  id: z.number().int(),
  actor: z.number().int(),
  actor_username: z.string(),
  action: z.string(),
  object_type: z.string(),
  object_id: z.number().int(),
  ip: z.string(),
  detail: z.record(z.string(), z.unknown()),
  created_at: z.iso.datetime(),
});

export const adminAuditPageBody = pageOf(adminAuditItem);

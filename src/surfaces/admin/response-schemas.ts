// DESIGN.md "Admin API": the success bodies of the admin routes.
import * as z from "zod";

export const adminApplicationsBody = z.array(
  z.object({
    id: z.number().int(),
    user: z.number().int(),
    username: z.string(),
    application_status: z.string(),
    created_at: z.iso.datetime(),
    reviewed_at: z.iso.datetime().nullable(),
  }),
);

export const reviewedBody = z.object({ detail: z.string(), id: z.number().int(), application_status: z.string() });

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

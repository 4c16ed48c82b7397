import * as z from "zod";
import { KNOWN_GROUPS } from "../../domain/admin/update-user";

export const adminUserPatchBody = z.strictObject({
  score: z.number().int().min(0).max(2_000_000_000).optional(),
  groups: z.array(z.enum(KNOWN_GROUPS)).max(KNOWN_GROUPS.length).optional(),
  is_active: z.boolean().optional(),
  is_banned: z.boolean().optional(),
  is_featured: z.boolean().optional(),
  is_editor: z.boolean().optional(),
  is_manager: z.boolean().optional(),
  advancedUser: z.boolean().optional(),
  allow_contact: z.boolean().optional(),
});

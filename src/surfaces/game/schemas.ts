import * as z from "zod";

export const registerBody = z.object({
  username: z.string(),
  password1: z.string(),
  password2: z.string(),
});

/** Loose on purpose: a missing or non-text field is the documented 401, not a field error. */
export const loginBody = z.object({
  username: z.unknown().optional(),
  password: z.unknown().optional(),
});

export const profilePatchBody = z.object({
  deactivate: z.boolean().optional(),
  username: z.string().optional(),
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});

export const passwordChangeBody = z.object({
  old_password: z.string(),
  new_password1: z.string(),
  new_password2: z.string(),
});

export const avatarForm = z.object({ avatar: z.any().describe("JPG, JPEG or PNG image, at most 3 MB") });

/** A limit past the page cap is capped, as DRF's `max_limit` does, not refused. */
export const leaderboardQuery = z.object({
  limit: z.coerce.number().int().min(1).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

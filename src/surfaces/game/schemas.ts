import * as z from "zod";
import { upload } from "../../http/declared-body";
import { line, secret, secretCharacters, text } from "../shared/text";

export const registerBody = z.object({
  username: text(),
  password1: secret(),
  password2: secret(),
});

/** Loose on purpose: a missing or non-text field is the documented 401, not a field error. */
export const loginBody = z.object({
  username: z.unknown().check(secretCharacters).optional(),
  password: z.unknown().check(secretCharacters).optional(),
});

export const profilePatchBody = z.object({
  deactivate: z.boolean().optional(),
  username: text().optional(),
  email: text().optional(),
  first_name: line().optional(),
  last_name: line().optional(),
});

export const passwordChangeBody = z.object({
  old_password: secret(),
  new_password1: secret(),
  new_password2: secret(),
});

export const avatarForm = z.object({ avatar: upload().describe("JPG, JPEG or PNG image, at most 3 MB") });

/** A limit past the page cap is capped, as DRF's `max_limit` does, not refused. */
export const leaderboardQuery = z.object({
  limit: z.coerce.number().int().min(1).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import type { Deps } from "../deps";
import { addFieldError, validationError, type FieldErrors } from "../errors";
import { MSG } from "./account-rules";

/** The free-text profile fields every API may edit, with their column limits. */
export const PROFILE_FIELDS = {
  firstName: 150,
  lastName: 150,
  displayName: 150,
  bio: 1000,
  phone: 32,
  address: 255,
  socialFacebook: 255,
  socialTwitter: 255,
  socialYoutube: 255,
  socialLinks: 1000,
  homePage: 255,
  location: 255,
} as const;

export type ProfileChanges = Partial<Record<keyof typeof PROFILE_FIELDS, string>>;

/**
 * Edits profile text. Keys of `fieldNames` name each field as the calling API does, so
 * an error points at the field the client sent.
 */
export async function updateProfile(
  deps: Deps,
  user: UserRow,
  changes: ProfileChanges,
  fieldNames: Partial<Record<keyof typeof PROFILE_FIELDS, string>> = {},
): Promise<UserRow> {
  const fields: FieldErrors = {};
  const patch: ProfileChanges = {};
  for (const [key, value] of Object.entries(changes) as [keyof typeof PROFILE_FIELDS, string | undefined][]) {
    if (value === undefined) continue;
    const max = PROFILE_FIELDS[key];
    if (value.length > max) addFieldError(fields, fieldNames[key] ?? key, "max_length", MSG.maxLength(max, value.length));
    patch[key] = value;
  }
  if (Object.keys(fields).length) throw validationError(fields);
  if (Object.keys(patch).length === 0) return user;
  return (await deps.db.update(users).set(patch).where(eq(users.id, user.id)).returning().get()) ?? user;
}

import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError, addFieldError, validationError, type FieldErrors } from "../errors";
import { checkImage, type CheckedImage, type ImagePolicy, type Upload } from "../media/image-upload";
import { dropReplacedAvatar, storeAvatar } from "../media/set-avatar";
import { requireSelf } from "../policy/ownership";
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

export type ProfileField = keyof typeof PROFILE_FIELDS;
export type ProfileChanges = Partial<Record<ProfileField, string>>;

export interface ProfileEdit {
  /** The account the route names, which must be the caller's; none: the caller's own. */
  userId?: number;
  changes: ProfileChanges;
  /** MediaCMS's switch for the contact route; undefined leaves it as it is. */
  allowContact?: boolean;
  /** Each field as the calling API names it, so an error points at what the client sent. */
  fieldNames?: Partial<Record<ProfileField, string>>;
  picture?: { file: Upload; field: string; policy: ImagePolicy };
}

/**
 * Edits profile text and, optionally, the picture. Everything is checked before
 * anything is written, like a DRF serializer: a bad picture leaves the text untouched.
 */
export async function updateProfile(ctx: Ctx, edit: ProfileEdit): Promise<UserRow> {
  const { user } = requireSelf(ctx, edit.userId);
  const { deps } = ctx;
  const fields: FieldErrors = {};
  const patch: Partial<typeof users.$inferInsert> = {};
  for (const [key, value] of Object.entries(edit.changes) as [ProfileField, string | undefined][]) {
    if (value === undefined) continue;
    const max = PROFILE_FIELDS[key];
    if (value.length > max) addFieldError(fields, edit.fieldNames?.[key] ?? key, "max_length", MSG.maxLength(max, value.length), { max });
    patch[key] = value;
  }
  if (edit.allowContact !== undefined) patch.allowContact = edit.allowContact;
  let image: CheckedImage | undefined;
  if (edit.picture) {
    try {
      image = await checkImage(edit.picture.file, edit.picture.field, edit.picture.policy);
    } catch (err) {
      if (!(err instanceof DomainError && err.fields)) throw err;
      Object.assign(fields, err.fields);
    }
  }
  if (Object.keys(fields).length) throw validationError(fields);
  if (image) patch.avatarKey = await storeAvatar(deps, user.id, image);
  if (Object.keys(patch).length === 0) return user;
  const updated = (await deps.db.update(users).set(patch).where(eq(users.id, user.id)).returning().get()) ?? user;
  if (image) dropReplacedAvatar(deps, user.avatarKey, updated.avatarKey);
  return updated;
}

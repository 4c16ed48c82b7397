import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import { startTokenSession, type ClientInfo } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError, addFieldError, validationError, type FieldErrors } from "../errors";
import { checkImage, type CheckedImage, type ImagePolicy, type Upload } from "../media/image-upload";
import { storeAvatar } from "../media/set-avatar";
import { MSG } from "./account-rules";
import { startEmailVerification } from "./email-verification";
import { registerUser, type RegisterInput } from "./register-user";
import { PROFILE_FIELDS } from "./update-profile";

export interface RegisterWithProfileInput extends RegisterInput {
  phone?: string;
  bio?: string;
  picture?: { file: Upload; field: string; policy: ImagePolicy };
  client: ClientInfo;
}

/**
 * Registration that also fills the profile and signs the new account in (Cocotree's
 * `/auth/register` answers with a token). The profile fields and the picture are checked
 * before the account exists, so a refused picture creates nothing.
 */
export async function registerWithProfile(ctx: Ctx, { phone, bio, picture, client, ...account }: RegisterWithProfileInput) {
  const { deps } = ctx;
  const fields: FieldErrors = {};
  if (phone !== undefined && phone.length > PROFILE_FIELDS.phone)
    addFieldError(fields, "phone_number", "max_length", MSG.maxLength(PROFILE_FIELDS.phone, phone.length), { max: PROFILE_FIELDS.phone });
  if (bio !== undefined && bio.length > PROFILE_FIELDS.bio) addFieldError(fields, "bio", "max_length", MSG.maxLength(PROFILE_FIELDS.bio, bio.length), { max: PROFILE_FIELDS.bio });
  let image: CheckedImage | undefined;
  if (picture) {
    try {
      image = await checkImage(picture.file, picture.field, picture.policy);
    } catch (err) {
      if (!(err instanceof DomainError && err.fields)) throw err;
      Object.assign(fields, err.fields);
    }
  }
  if (Object.keys(fields).length) throw validationError(fields);
  let user: UserRow = await registerUser(ctx, account);
  if (user.email) await startEmailVerification(deps, user.id, user.email);
  const patch: Partial<typeof users.$inferInsert> = {};
  if (phone) patch.phone = phone;
  if (bio) patch.bio = bio;
  if (image) patch.avatarKey = await storeAvatar(deps, user.id, image);
  if (Object.keys(patch).length) user = (await deps.db.update(users).set(patch).where(eq(users.id, user.id)).returning().get()) ?? user;
  // Cocotree's registration: its one token lives as long as a Cocotree login's.
  const { access } = await startTokenSession(deps, user, client, "cocotree");
  return { user, access };
}

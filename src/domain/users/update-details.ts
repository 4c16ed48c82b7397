import { eq } from "drizzle-orm";
import { sessions, users, type UserRow } from "../../db/schema";
import { clearCachedLock } from "../auth/lockout";
import { issueAccessToken } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError, addFieldError, validationError, type FieldErrors } from "../errors";
import { checkImage, type CheckedImage, type ImagePolicy, type Upload } from "../media/image-upload";
import { dropReplacedAvatar, storeAvatar } from "../media/set-avatar";
import { requireUser } from "../policy/ownership";
import { MSG, checkUsername, normalizeUsername, usernameKey } from "./account-rules";
import { checkAvailable } from "./register-user";
import { isUniqueViolation } from "./unique-violation";
import { PROFILE_FIELDS } from "./update-profile";

export interface DetailsEdit {
  username?: string;
  bio?: string;
  picture?: { file: Upload; field: string; policy: ImagePolicy };
}

/**
 * Cocotree's profile edit: username, bio and picture, all checked before anything is
 * written (a bad picture leaves the name untouched), then one update. Answers the row and
 * a fresh access token for the caller's own session, which Cocotree clients swap in.
 */
export async function updateDetails(ctx: Ctx, edit: DetailsEdit): Promise<{ user: UserRow; access: string }> {
  const viewer = requireUser(ctx);
  const { user } = viewer;
  const { deps } = ctx;
  const fields: FieldErrors = {};
  const patch: Partial<typeof users.$inferInsert> = {};
  if (edit.username !== undefined) {
    const username = normalizeUsername(edit.username);
    checkUsername(fields, "username", username);
    Object.assign(patch, { username, usernameKey: usernameKey(username) });
  }
  if (edit.bio !== undefined) {
    if (edit.bio.length > PROFILE_FIELDS.bio)
      addFieldError(fields, "bio", "max_length", MSG.maxLength(PROFILE_FIELDS.bio, edit.bio.length), { max: PROFILE_FIELDS.bio });
    patch.bio = edit.bio;
  }
  let image: CheckedImage | undefined;
  if (edit.picture) {
    try {
      image = await checkImage(edit.picture.file, edit.picture.field, edit.picture.policy);
    } catch (err) {
      if (!(err instanceof DomainError && err.fields)) throw err;
      Object.assign(fields, err.fields);
    }
  }
  await checkAvailable(deps, fields, { username: patch.username }, user.id);
  if (Object.keys(fields).length) throw validationError(fields);
  if (image) patch.avatarKey = await storeAvatar(deps, user.id, image);

  let updated = user;
  if (Object.keys(patch).length) {
    try {
      updated = (await deps.db.update(users).set(patch).where(eq(users.id, user.id)).returning().get()) ?? user;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw validationError({ username: [{ code: "unique", message: MSG.usernameTaken }] });
    }
    if (patch.usernameKey && patch.usernameKey !== user.usernameKey) clearCachedLock(deps, user.usernameKey);
    if (image) dropReplacedAvatar(deps, user.avatarKey, updated.avatarKey);
  }
  const session = await deps.db.select({ handle: sessions.handle, kind: sessions.kind, expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, viewer.sessionId)).get();
  if (!session?.handle) throw new DomainError("UNAUTHENTICATED");
  return { user: updated, access: await issueAccessToken(deps, updated, { ...session, handle: session.handle }) };
}

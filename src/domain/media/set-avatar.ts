import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import type { Deps } from "../deps";
import { IMAGE_EXTENSION, checkImage, type ImagePolicy, type Upload } from "./image-upload";

/** Stores a checked image in R2 as the user's avatar; the replaced one is removed after the response. */
export async function setAvatar(deps: Deps, user: UserRow, file: Upload, field: string, policy: ImagePolicy): Promise<UserRow> {
  const image = await checkImage(file, field, policy);
  const stored = await deps.media.put(user.id, "avatar", IMAGE_EXTENSION[image.type], image.bytes, image.contentType);
  const updated = await deps.db.update(users).set({ avatarKey: stored.key }).where(eq(users.id, user.id)).returning().get();
  if (user.avatarKey && user.avatarKey !== stored.key) deps.defer(deps.media.delete(user.avatarKey));
  return updated ?? { ...user, avatarKey: stored.key };
}

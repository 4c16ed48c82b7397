import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { requireUser } from "../policy/ownership";
import {
  IMAGE_EXTENSION,
  checkImage,
  type CheckedImage,
  type ImagePolicy,
  type Upload,
} from "./image-upload";

/** Puts a checked image in R2 as one of the user's avatars and returns its key. */
export async function storeAvatar(deps: Deps, userId: number, image: CheckedImage): Promise<string> {
  const stored = await deps.media.put(
    userId,
    "avatar",
    IMAGE_EXTENSION[image.type],
    image.bytes,
    image.contentType,
  );
  return stored.key;
}

/** The replaced avatar goes after the response; nothing points at it any more. */
export function dropReplacedAvatar(deps: Deps, previous: string | null, current: string | null) {
  if (previous && previous !== current) deps.defer(deps.media.delete(previous));
}

/** Stores a checked image in R2 as the caller's avatar. */
export async function setAvatar(
  ctx: Ctx,
  { file, field, policy }: { file: Upload; field: string; policy: ImagePolicy },
): Promise<UserRow> {
  const { user } = requireUser(ctx);
  const { deps } = ctx;
  const avatarKey = await storeAvatar(deps, user.id, await checkImage(file, field, policy));
  const updated = await deps.db
    .update(users)
    .set({ avatarKey })
    .where(eq(users.id, user.id))
    .returning()
    .get();
  dropReplacedAvatar(deps, user.avatarKey, avatarKey);
  return updated ?? { ...user, avatarKey };
}

import { and, eq } from "drizzle-orm";
import { friendships } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";

export const GROUP_NAME_MAX = 50;

/** Puts a friend in one of my groups (my side of the friendship only). */
export async function updateFriendGroup(ctx: Ctx, { friendId, group }: { friendId: number; group: string }) {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const name = group.trim();
  if (!name) throw new DomainError("BAD_REQUEST", "group_required");
  if ([...name].length > GROUP_NAME_MAX) throw new DomainError("BAD_REQUEST", "group_too_long");
  const [updated] = await deps.db
    .update(friendships)
    .set({ groupName: name })
    .where(and(eq(friendships.userId, viewer.user.id), eq(friendships.friendId, friendId)))
    .returning({ groupName: friendships.groupName });
  if (!updated) throw new DomainError("NOT_FOUND", "friendship");
  return { group: updated.groupName };
}

import type { Ctx } from "../context";
import { requireUser } from "../policy/ownership";
import { toggleMemberFlag } from "./toggle-member-flag";

/** Pins or unpins a chat in the caller's own list (pinned chats list first). */
export async function togglePin(ctx: Ctx, { chatId }: { chatId: number }) {
  return { pinned: await toggleMemberFlag(ctx.deps, chatId, requireUser(ctx).user.id, "pinned") };
}

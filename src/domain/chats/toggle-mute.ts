import type { Ctx } from "../context";
import { requireUser } from "../policy/ownership";
import { toggleMemberFlag } from "./toggle-member-flag";

/** Mutes or unmutes a chat for the caller only; a muted chat still counts unread and still reaches the devices, marked muted. */
export async function toggleMute(ctx: Ctx, { chatId }: { chatId: number }) {
  return { muted: await toggleMemberFlag(ctx.deps, chatId, requireUser(ctx).user.id, "muted") };
}

import { and, eq, not } from "drizzle-orm";
import { chatMembers } from "../../db/schema";
import type { Deps } from "../deps";
import { chatAccess, requireMember } from "./access";

/** Flips one of the caller's own flags on a chat, in one statement; a miss says why (no chat, or not a member). */
export async function toggleMemberFlag(deps: Deps, chatId: number, userId: number, flag: "muted" | "pinned"): Promise<boolean> {
  const column = chatMembers[flag];
  const [row] = await deps.db
    .update(chatMembers)
    .set({ [flag]: not(column) })
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId), eq(chatMembers.isDeleted, false)))
    .returning({ value: column });
  if (!row) requireMember(await chatAccess(deps, chatId, userId));
  return row!.value;
}

import { and, eq, not } from "drizzle-orm";
import { chatMembers } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { chatAccess, requireMember } from "./access";

/**
 * Flips one of the caller's own flags on a chat, in one statement; a miss says why (no chat, or not a member).
 * A miss followed by a membership that exists means the caller joined in between: flip again, at most twice.
 */
export async function toggleMemberFlag(
  deps: Deps,
  chatId: number,
  userId: number,
  flag: "muted" | "pinned",
): Promise<boolean> {
  const column = chatMembers[flag];
  for (let attempt = 0; attempt < 2; attempt++) {
    const [row] = await deps.db
      .update(chatMembers)
      .set({ [flag]: not(column) })
      .where(
        and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId), eq(chatMembers.isDeleted, false)),
      )
      .returning({ value: column });
    if (row) return row.value;
    requireMember(await chatAccess(deps, chatId, userId));
  }
  throw new DomainError("NOT_FOUND", "chat");
}

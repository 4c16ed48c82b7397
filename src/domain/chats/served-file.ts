import { and, eq, isNull } from "drizzle-orm";
import { chats, messages } from "../../db/schema";
import type { Deps } from "../deps";

/** Media-store keys of chat attachments (kind `chat`). */
const CHAT_FILE_KEY = /^u\/\d+\/chat\//;

export const isChatFileKey = (key: string) => CHAT_FILE_KEY.test(key);

/**
 * Whether a chat attachment may still be served: a message of a live chat holds it. A recall
 * clears the message's key and a chat's deletion tombstones it, so its file stops being served
 * in the same commit, before R2 lets it go (after the response, or in the hourly purge).
 */
export async function chatFileServed(deps: Deps, key: string): Promise<boolean> {
  const row = await deps.db
    .select({ id: messages.id })
    .from(messages)
    .innerJoin(chats, eq(chats.id, messages.chatId))
    .where(and(eq(messages.attachmentKey, key), isNull(chats.deletedAt)))
    .limit(1)
    .get();
  return !!row;
}

import { and, eq } from "drizzle-orm";
import { chatMembers } from "../../db/schema";
import type { Deps } from "../deps";
import { MAX_GROUP_MEMBERS } from "./access";
import type { ChatEvent, ChatRecipient } from "./events";
import { recordChatEvent } from "./feed";

/** A chat's live members (deleted accounts have no devices), at most a group's size. */
export function recipientsQuery(deps: Deps, chatId: number) {
  return deps.db
    .select({ userId: chatMembers.userId, muted: chatMembers.muted })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.isDeleted, false)))
    .limit(MAX_GROUP_MEMBERS + 1);
}

/**
 * After the response: records the event for each recipient (so a device that reconnects is
 * replayed it), then hands it to their devices. The record is written after the verb's commit,
 * not in its batch: a Worker that dies in between loses the frame for replay, never the write.
 */
export function publish(deps: Deps, recipients: ChatRecipient[], event: ChatEvent) {
  if (recipients.length) deps.defer(deliver(deps, recipients, event));
}

/** Reads the members, then publishes: for verbs whose batch did not already read them. */
export function publishToChat(deps: Deps, chatId: number, event: ChatEvent, extra: ChatRecipient[] = []) {
  deps.defer(
    recipientsQuery(deps, chatId).then((members) =>
      deliver(deps, [...members, ...extra.filter((e) => !members.some((m) => m.userId === e.userId))], event),
    ),
  );
}

async function deliver(deps: Deps, recipients: ChatRecipient[], event: ChatEvent) {
  const deliveries = await recordChatEvent(deps, recipients, event);
  if (deliveries.length) await deps.hub.chat(deliveries, event);
}

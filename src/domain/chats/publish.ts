import { and, eq } from "drizzle-orm";
import { chatMembers } from "../../db/schema";
import type { Deps } from "../deps";
import { MAX_GROUP_MEMBERS } from "./access";
import type { ChatEvent, ChatRecipient } from "./events";

/** A chat's live members (deleted accounts have no devices), at most a group's size. */
export function recipientsQuery(deps: Deps, chatId: number) {
  return deps.db
    .select({ userId: chatMembers.userId, muted: chatMembers.muted })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.isDeleted, false)))
    .limit(MAX_GROUP_MEMBERS + 1);
}

/** Hands an event to the members' devices after the response; D1 stays the record. */
export function publish(deps: Deps, recipients: ChatRecipient[], event: ChatEvent) {
  if (recipients.length) deps.defer(deps.hub.chat(recipients, event));
}

/** Reads the members, then publishes: for verbs whose batch did not already read them. */
export function publishToChat(deps: Deps, chatId: number, event: ChatEvent, extra: ChatRecipient[] = []) {
  deps.defer(
    recipientsQuery(deps, chatId).then((members) => {
      const all = [...members, ...extra.filter((e) => !members.some((m) => m.userId === e.userId))];
      return all.length ? deps.hub.chat(all, event) : undefined;
    }),
  );
}

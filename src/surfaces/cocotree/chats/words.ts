// The chat documents word one failure differently from route to route ("Chat not found",
// "Chat does not exist", "User or group chat does not exist"…): each route lays its own words
// over the surface's defaults (errors.ts).
import type { Context } from "hono";
import { DomainError, type Reason } from "../../../domain/errors";
import { COCOTREE_MSG, cocotreeWorded, w, type Worded } from "../errors";

export type Words = Partial<Record<Reason, Worded>>;

/** Runs a handler; a domain failure this route words its own way is answered in those words. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any route's context: only its json() is used
export async function speaking<R>(
  c: Context<any, any, any>,
  words: Words,
  run: () => Promise<R>,
): Promise<R | Response> {
  try {
    return await run();
  } catch (err) {
    const own = err instanceof DomainError && err.reason ? words[err.reason] : undefined;
    if (!own) throw err;
    const reply = cocotreeWorded(err as DomainError, own);
    return c.json(reply.body as object, reply.status);
  }
}

const M = COCOTREE_MSG;
const notMember = w(M.notChatMember, 2);
const userOrGroup = w(M.userOrGroupChatNotFound, 2);

/** Each chat route's own words, as its document gives them. */
export const CHAT_WORDS = {
  chatInfo: { chat: w(M.chatDoesNotExist, 2), not_chat_member: notMember },
  toggle: { not_chat_member: notMember },
  deleteChat: { group_chat: userOrGroup, chat_role: w("No permission to delete chat", 2) },
  roles: { group_chat: userOrGroup, chat_user: userOrGroup },
  removeMember: { chat_role: w("Insufficient permissions to remove members", 2) },
  sendMessage: { not_chat_member: notMember },
  filter: { not_chat_member: notMember },
  recall: { chat: w(M.chatDoesNotExist, 2), not_chat_member: w(M.notChatMember, 1) },
  sendAnnouncement: { chat_role: w("User does not have permissions to send announcement", 2) },
  deleteAnnouncement: {
    group_chat: w("GroupChat does not exist", 2),
    chat_role: w("User does not have permissions to delete announcement", 2),
  },
} satisfies Record<string, Words>;

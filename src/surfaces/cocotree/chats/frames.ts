// The Cocotree chat stream's frames (GET /chat/stream/): what the user hub relays to a member's devices.
import type { ChatEvent } from "../../../domain/chats/events";
import type { LiveWords } from "../../../realtime/frames";
import { toMessage } from "./wire";

/**
 * `{"type": …, "id": n, "chat_id": n, "muted": bool, "payload": {…}}`: `id` is the cursor a reconnect
 * passes as `since`; a message and a recall carry the message as get_messages shows it.
 */
function frame(id: number, e: ChatEvent, muted: boolean) {
  const head = { id, chat_id: e.chatId, muted };
  switch (e.kind) {
    case "message":
    case "recall":
      return { type: e.kind, ...head, payload: toMessage(e.message) };
    case "members":
      return { type: "members", ...head, payload: { change: e.change, user_id: e.userId } };
    case "deleted":
      return { type: "chat_deleted", ...head, payload: {} };
  }
}

/** GET /chat/stream/ carries chat events only (Cocotree's notifications are its lists'); `since` counts frame ids. */
export const cocotreeLive: LiveWords = {
  api: "cocotree",
  frame(e) {
    if (e.kind === "chat") return JSON.stringify(frame(e.id, e.event, e.muted));
    if (e.kind === "chat_resync") return JSON.stringify({ type: "resync", id: e.id });
    return undefined;
  },
  ready: JSON.stringify({ type: "ready" }),
  replays: "chat",
};

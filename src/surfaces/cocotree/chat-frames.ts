// The Cocotree chat stream's frames (GET /chat/stream/): what the user hub relays to a member's devices.
import type { ChatEvent } from "../../domain/chats/events";
import type { ChatFrames } from "../../realtime/frames";
import { toMessage } from "./chat-wire";

/** `{"type": …, "chat_id": n, "muted": bool, "payload": {…}}`: a message and a recall carry the message as get_messages shows it. */
function frame(e: ChatEvent, muted: boolean) {
  const head = { chat_id: e.chatId, muted };
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

export const cocotreeChatFrames: ChatFrames = {
  event: (e, muted) => JSON.stringify(frame(e, muted)),
  ready: JSON.stringify({ type: "ready" }),
};

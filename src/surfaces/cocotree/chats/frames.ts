// The Cocotree chat stream's frames (GET /chat/stream/): what the user hub relays to a member's devices.
import type { ChatEvent } from "../../../domain/chats/events";
import type { LiveWords } from "../../../realtime/frames";
import { toMessage } from "./wire";

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

/** GET /chat/stream/ carries chat events only (Cocotree's notifications are its lists'); `since` counts message ids. */
export const cocotreeLive: LiveWords = {
  api: "cocotree",
  frame: (e) => (e.kind === "chat" ? JSON.stringify(frame(e.event, e.muted)) : undefined),
  ready: JSON.stringify({ type: "ready" }),
  replays: "chat",
};

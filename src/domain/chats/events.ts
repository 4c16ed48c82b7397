import type { MessageRow } from "./queries";

/**
 * What happened in a chat, for its members' live devices. The domain hands these over; the
 * surface that owns the chat stream words them (src/realtime/frames.ts).
 */
export type ChatEvent =
  | { kind: "message"; chatId: number; message: MessageRow }
  | { kind: "recall"; chatId: number; message: MessageRow }
  | { kind: "members"; chatId: number; change: MembershipChange; userId: number }
  | { kind: "deleted"; chatId: number };

export type MembershipChange =
  | "created"
  | "joined"
  | "removed"
  | "left"
  | "manager_added"
  | "manager_removed"
  | "owner_changed";

/** One member to tell, and whether they muted the chat (their devices still hear it, marked so). */
export interface ChatRecipient {
  userId: number;
  muted: boolean;
}

/** A recipient whose frame is recorded (chat_feed): `id` is the frame's replay cursor. */
export interface ChatDelivery extends ChatRecipient {
  id: number;
}

import type { ChatDelivery, ChatEvent } from "../chats/events";
import type { Notification } from "./events";

/**
 * The live side of notifications: every connected device of a user. D1 stays the
 * record, so each call is best effort and callers run it through `deps.defer`.
 * The domain hands over events and numbers; each device's socket hears them in the
 * words of the API that opened it (see src/realtime/frames.ts).
 */
export interface LiveHub {
  /** Pushes one recorded (and visible) notification to the user's live sockets. */
  notification(n: Notification): Promise<void>;
  /** Tells every device of the user how many visible notifications are unread. */
  unread(userId: number, count: number): Promise<void>;
  /** Pushes one recorded chat event to each recipient's chat sockets, with its frame id, marked muted for those who muted the chat. */
  chat(deliveries: ChatDelivery[], event: ChatEvent): Promise<void>;
  /** Re-checks the user's sockets against D1 and closes those whose session has ended. */
  closeEndedSessions(userId: number): Promise<void>;
}

import type { ReasonTable } from "../errors";

export const CHAT_REASONS = {
  chat: "NOT_FOUND",
  not_chat_member: "FORBIDDEN",
  message_count: "BAD_REQUEST",
} as const satisfies ReasonTable;

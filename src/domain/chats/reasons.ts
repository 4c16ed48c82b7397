import type { ReasonTable } from "../errors";

export const CHAT_REASONS = {
  chat: "NOT_FOUND",
  not_chat_member: "FORBIDDEN",
  message_count: "BAD_REQUEST",
  /** No group chat by that id the caller could act on (a private chat is not one). */
  group_chat: "NOT_FOUND",
  /** The user a chat verb names is not there (no such account, or not a member of the chat). */
  chat_user: "NOT_FOUND",
  /** The caller's role in the chat does not allow this. */
  chat_role: "FORBIDDEN",
  group_too_small: "BAD_REQUEST",
  group_too_large: "BAD_REQUEST",
  chat_name: "BAD_REQUEST",
  already_manager: "CONFLICT",
  not_manager: "CONFLICT",
  already_owner: "CONFLICT",
  already_in_chat: "CONFLICT",
  /** A group chat takes only friends of the member who brings them in. */
  not_friends_with_member: "FORBIDDEN",
  /** A private chat takes messages only while its two members are friends. */
  not_friends_in_chat: "FORBIDDEN",
  join_request: "NOT_FOUND",
  remove_owner: "CONFLICT",
  owner_leaving: "CONFLICT",
  message: "NOT_FOUND",
  reply_target: "BAD_REQUEST",
  message_content: "BAD_REQUEST",
  message_type: "BAD_REQUEST",
  attachment: "BAD_REQUEST",
  filter_start: "BAD_REQUEST",
  filter_end: "BAD_REQUEST",
  announcement: "NOT_FOUND",
  announcement_content: "BAD_REQUEST",
} as const satisfies ReasonTable;

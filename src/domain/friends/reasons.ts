import type { ReasonTable } from "../errors";

export const FRIEND_REASONS = {
  friend_self: "BAD_REQUEST",
  already_friends: "CONFLICT",
  /** No pending request with that id addressed to the caller. */
  friend_request: "NOT_FOUND",
  friend_response: "BAD_REQUEST",
  /** The caller's side of the friendship is missing. */
  friendship: "NOT_FOUND",
  /** Removing a friendship needs both directed rows. */
  friendship_pair: "NOT_FOUND",
  group_required: "BAD_REQUEST",
  group_too_long: "BAD_REQUEST",
  /** A user looked up by the client (by name, or by id to unfriend) that is not there. */
  user_lookup: "NOT_FOUND",
  username_required: "BAD_REQUEST",
} as const satisfies ReasonTable;

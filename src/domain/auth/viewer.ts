import type { UserRow } from "../../db/schema";

export type Role = "visitor" | "creator" | "admin";

/** The authenticated user of a request, read fresh from D1 (roles and state are never trusted from a token). */
export interface Viewer {
  user: UserRow;
  groups: string[];
  sessionId: number;
  via: "cookie" | "token";
}

import type { UserRow } from "../../db/schema";
import type { SessionKind } from "./sessions";

export type Role = "visitor" | "creator" | "admin";

/** The authenticated user of a request, read fresh from D1 (roles and state are never trusted from a token). */
export interface Viewer {
  user: UserRow;
  groups: string[];
  sessionId: number;
  /** The kind of session the credential belongs to (a cookie-carried one needs CSRF checks). */
  via: SessionKind;
}

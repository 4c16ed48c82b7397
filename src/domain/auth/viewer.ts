import type { UserRow } from "../../db/schema";
import { DomainError } from "../errors";

export type Role = "visitor" | "creator" | "admin";

/** The authenticated user of a request, read fresh from D1 (roles and state are never trusted from a token). */
export interface Viewer {
  user: UserRow;
  groups: string[];
  sessionId: number;
  via: "cookie" | "token";
}

export const hasRole = (viewer: Viewer, role: Role) => viewer.groups.includes(role);

export function assertAdmin(viewer: Viewer) {
  if (!hasRole(viewer, "admin")) throw new DomainError("FORBIDDEN", "not_admin");
}

/** Users may act only on their own account through the self-service routes. */
export function assertSelf(viewer: Viewer, userId: number) {
  if (viewer.user.id !== userId) throw new DomainError("FORBIDDEN", "not_owner");
}

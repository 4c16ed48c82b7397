import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../db/schema";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Deps } from "../deps";

/** Deactivation keeps the data (Django's recommendation) and ends every credential at once. */
export async function deactivateUser(deps: Deps, user: UserRow) {
  await deps.db.batch([deps.db.update(users).set({ isActive: false }).where(eq(users.id, user.id)), ...revokeAllStatements(deps, user.id)]);
  closeEndedSockets(deps, user.id);
}

/** Deletion removes the account and, by cascade, everything that hangs off it; media go after the response. */
export async function deleteUser(deps: Deps, user: UserRow) {
  await deps.db.delete(users).where(eq(users.id, user.id));
  closeEndedSockets(deps, user.id);
  for (const key of [user.avatarKey, user.bannerKey]) if (key) deps.defer(deps.media.delete(key));
}

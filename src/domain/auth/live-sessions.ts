import { and, eq, gt } from "drizzle-orm";
import { sessions, users } from "../../db/schema";
import type { Deps } from "../deps";

/**
 * Ids of the user's sessions that still stand: not logged out, not expired, the
 * account active and not banned. Every way a login ends (logout, password change or
 * reset, deactivation, ban, deletion) fails one of these, so a long-lived connection
 * re-checked against this set cannot outlive its credentials.
 */
export async function liveSessionIds(deps: Deps, userId: number): Promise<Set<number>> {
  const rows = await deps.db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.userId, userId),
        gt(sessions.expiresAt, deps.clock.now()),
        eq(users.isActive, true),
        eq(users.isBanned, false),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

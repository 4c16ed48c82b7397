import { and, sql, type SQL } from "drizzle-orm";
import { chatMembers } from "../../db/schema";
import type { Deps } from "../deps";

/**
 * Internal to the domain: for an account that is leaving for good (deleted or anonymised), the
 * statement that hands each group chat it owns to the next member (its oldest manager, else its
 * oldest live member), for the leaving account's own batch, so no group is left without an owner
 * to delete it, transfer it or answer its join requests. `onlyIf` holds it to the batch's guard.
 */
export function ownershipPassedOn(deps: Deps, userId: number, onlyIf?: SQL) {
  const heirs = sql`SELECT (SELECT heir.rowid FROM ${chatMembers} heir
      WHERE heir.chat_id = owned.chat_id AND heir.user_id <> ${userId} AND heir.is_deleted = 0
      ORDER BY heir.role = 'manager' DESC, heir.joined_at, heir.rowid LIMIT 1)
    FROM ${chatMembers} owned WHERE owned.user_id = ${userId} AND owned.role = 'owner'`;
  return deps.db
    .update(chatMembers)
    .set({ role: "owner" })
    .where(and(sql`rowid IN (${heirs})`, onlyIf));
}

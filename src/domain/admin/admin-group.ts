import { and, eq, notExists, sql } from "drizzle-orm";
import { userGroups, users } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { eraseAccount, type EraseOptions } from "../users/erase-account";

/** "The account is not in the `admin` group", for a guard evaluated when its statement runs. */
export const notInAdminGroup = (deps: Deps, userId: number) =>
  notExists(
    deps.db
      .select({ one: sql`1` })
      .from(userGroups)
      .where(and(eq(userGroups.userId, userId), eq(userGroups.name, "admin"))),
  );

/** Whether the account is in the `admin` group now. */
export const isInAdminGroup = async (deps: Deps, userId: number) =>
  Boolean(
    await deps.db
      .select({ one: sql`1` })
      .from(userGroups)
      .where(and(eq(userGroups.userId, userId), eq(userGroups.name, "admin")))
      .get(),
  );

/**
 * A statement that fails its whole batch (NOT NULL on `user_id`, so D1 rolls the batch back)
 * when, at that point of the batch, no active account (not banned, not deactivated, not
 * deleted) is left in the `admin` group. Placed after the writes of a batch that demotes, bans,
 * deactivates or deletes an admin, it makes "never remove the last active admin" hold for
 * parallel requests: D1 runs batches one at a time, so the second one sees the first one's change.
 * It goes in every such batch, not only when the target was an admin when read: a promotion can
 * land between that read and the batch. With `whileAdmin`, it only bites if that account is in
 * the `admin` group at that point of the batch (a ban or an erase leaves its group rows), so a
 * non-admin's deletion never depends on whether an admin exists; the membership is one primary-key
 * lookup, checked first, and the search for an active admin stops at the first one found.
 */
export function keepsAnAdmin(deps: Deps, whileAdmin?: number) {
  if (whileAdmin !== undefined && !Number.isSafeInteger(whileAdmin))
    throw new TypeError("keepsAnAdmin: an account id is an integer");
  // Inlined, not bound: drizzle's D1 batch cannot bind the parameters of a raw `run` statement.
  const target =
    whileAdmin === undefined
      ? sql`1`
      : sql`EXISTS (SELECT 1 FROM ${userGroups} WHERE ${userGroups.userId} = ${sql.raw(String(whileAdmin))} AND ${userGroups.name} = 'admin')`;
  return deps.db.run(
    sql`INSERT INTO ${userGroups} (user_id, name) SELECT NULL, 'admin' WHERE ${target} AND NOT EXISTS (SELECT 1 FROM ${userGroups} JOIN ${users} ON ${users.id} = ${userGroups.userId} WHERE ${userGroups.name} = 'admin' AND ${users.isActive} = 1 AND ${users.isBanned} = 0 AND ${users.deletedAt} IS NULL)`,
  );
}

const LAST_ADMIN_FAILURE = "NOT NULL constraint failed: user_groups.user_id";

/** Whether an error is `keepsAnAdmin` refusing its batch; D1 and drizzle wrap the driver's error in `cause`s. */
export function isLastAdminRefusal(err: unknown): boolean {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as Error).cause, depth++) {
    if (String((e as Error).message ?? e).includes(LAST_ADMIN_FAILURE)) return true;
  }
  return false;
}

/**
 * Erases an account; every erase carries `keepsAnAdmin` for that account at the end of its batch, so
 * no deletion (an admin's own, through any API, or another's) leaves no active admin, even one
 * whose account was promoted after it was read.
 */
export async function eraseKeepingAnAdmin(
  deps: Deps,
  userId: number,
  options: Omit<EraseOptions, "last"> = {},
): Promise<boolean> {
  return eraseAccount(deps, userId, { ...options, last: keepsAnAdmin(deps, userId) }).catch(
    (err: unknown) => {
      if (isLastAdminRefusal(err)) throw new DomainError("CONFLICT", "last_admin");
      throw err;
    },
  );
}

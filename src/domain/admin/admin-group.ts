import { and, eq, notExists, sql } from "drizzle-orm";
import { userGroups, users } from "../../db/schema";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { eraseAccount, type EraseOptions } from "../users/erase-account";

/** "The account is not in the `admin` group", for a guard evaluated when its statement runs. */
export const notInAdminGroup = (deps: Deps, userId: number) =>
  notExists(deps.db.select({ one: sql`1` }).from(userGroups).where(and(eq(userGroups.userId, userId), eq(userGroups.name, "admin"))));

/** Whether the account is in the `admin` group now. */
export const isInAdminGroup = async (deps: Deps, userId: number) =>
  Boolean(await deps.db.select({ one: sql`1` }).from(userGroups).where(and(eq(userGroups.userId, userId), eq(userGroups.name, "admin"))).get());

/**
 * A statement that fails its whole batch (NOT NULL on `user_id`, so D1 rolls the batch back)
 * when, at that point of the batch, no active account (not banned, not deactivated, not
 * deleted) is left in the `admin` group. Placed after the writes of a batch that demotes, bans,
 * deactivates or deletes an admin, it makes "never remove the last active admin" hold for
 * parallel requests: D1 runs batches one at a time, so the second one sees the first one's change.
 */
export const keepsAnAdmin = (deps: Deps) =>
  deps.db.run(
    sql`INSERT INTO ${userGroups} (user_id, name) SELECT NULL, 'admin' WHERE NOT EXISTS (SELECT 1 FROM ${userGroups} JOIN ${users} ON ${users.id} = ${userGroups.userId} WHERE ${userGroups.name} = 'admin' AND ${users.isActive} = 1 AND ${users.isBanned} = 0 AND ${users.deletedAt} IS NULL)`,
  );

/** Whether an error is `keepsAnAdmin` refusing its batch. */
export const isLastAdminRefusal = (err: unknown) => String((err as Error)?.message ?? err).includes("NOT NULL constraint failed: user_groups.user_id");

/**
 * Erases an account; an admin's erase also carries `keepsAnAdmin` at the end of its batch, so
 * no deletion (the admin's own, through any API, or another's) leaves no active admin.
 */
export async function eraseKeepingAnAdmin(deps: Deps, userId: number, options: Omit<EraseOptions, "last"> = {}): Promise<boolean> {
  const last = (await isInAdminGroup(deps, userId)) ? keepsAnAdmin(deps) : undefined;
  return eraseAccount(deps, userId, { ...options, last }).catch((err: unknown) => {
    if (isLastAdminRefusal(err)) throw new DomainError("CONFLICT", "last_admin");
    throw err;
  });
}

import { and, eq, notExists, sql } from "drizzle-orm";
import { userGroups } from "../../db/schema";
import type { Deps } from "../deps";

/** "The account is not in the `admin` group", for a guard evaluated when its statement runs. */
export const notInAdminGroup = (deps: Deps, userId: number) =>
  notExists(deps.db.select({ one: sql`1` }).from(userGroups).where(and(eq(userGroups.userId, userId), eq(userGroups.name, "admin"))));

/** Whether the account is in the `admin` group now. */
export const isInAdminGroup = async (deps: Deps, userId: number) =>
  Boolean(await deps.db.select({ one: sql`1` }).from(userGroups).where(and(eq(userGroups.userId, userId), eq(userGroups.name, "admin"))).get());

/**
 * A statement that fails its whole batch (NOT NULL on `user_id`, so D1 rolls the batch back)
 * when, at that point of the batch, no account is left in the `admin` group. Placed after the
 * group changes of a batch that takes an admin out of the group, it makes "never remove the last admin" hold for parallel demotions:
 * D1 runs batches one at a time, so the second one sees the first one's removal.
 */
export const keepsAnAdmin = (deps: Deps) =>
  deps.db.run(sql`INSERT INTO ${userGroups} (user_id, name) SELECT NULL, 'admin' WHERE NOT EXISTS (SELECT 1 FROM ${userGroups} WHERE ${userGroups.name} = 'admin')`);

/** Whether an error is `keepsAnAdmin` refusing its batch. */
export const isLastAdminRefusal = (err: unknown) => String((err as Error)?.message ?? err).includes("NOT NULL constraint failed: user_groups.user_id");

import { and, eq, notExists, sql } from "drizzle-orm";
import { userGroups } from "../../db/schema";
import type { Deps } from "../deps";

/** "The account is not in the `admin` group", for a guard evaluated when its statement runs. */
export const notInAdminGroup = (deps: Deps, userId: number) =>
  notExists(deps.db.select({ one: sql`1` }).from(userGroups).where(and(eq(userGroups.userId, userId), eq(userGroups.name, "admin"))));

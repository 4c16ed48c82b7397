import { inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listCounts } from "../../db/schema";

/**
 * The sum of kept counts (list_counts, kept by the triggers of migrations 0021 and 0026) as one
 * row `{ count }`, a readPage count: a primary-key lookup per name, whatever the data's size.
 */
export function keptCount(db: Db, names: readonly string[]) {
  return db
    .select({ count: sql<number>`coalesce(sum(${listCounts.n}), 0)`.mapWith(Number) })
    .from(listCounts)
    .where(inArray(listCounts.name, [...names]));
}

/**
 * A filter no index serves looks at the newest this many rows of its list only, and counts
 * within them, as the public searches do (README "Paging").
 */
export const ADMIN_FILTER_WINDOW = 2000;

import { inArray, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";

/**
 * Internal to the cron's maintenance: how much one run may write. Each statement (or batch of
 * two that must agree) touches at most `chunk` rows of the table it walks, and a run sends at
 * most `statements` of them, so it holds D1's only writer for short statements whatever piled up.
 */
export interface ChunkLimits {
  chunk: number;
  statements: number;
}

/** What is left of a run's statements; shared by every walk of the run. */
export class Budget {
  rows = 0;
  constructor(
    readonly limits: ChunkLimits,
    public left = limits.statements,
  ) {}

  /**
   * Runs `step` (which answers how many rows it took) until it takes less than a full chunk,
   * while statements are left; whether it ran dry. A statement that found nothing (one index
   * seek) is not charged, so a walk of many kinds of rows always reaches its last statement.
   */
  async drain(step: () => Promise<number>): Promise<boolean> {
    while (this.left > 0) {
      const taken = await step();
      if (taken > 0) this.left -= 1;
      this.rows += taken;
      if (taken < this.limits.chunk) return true;
    }
    return false;
  }

  /** One statement that is not a chunk (a post's or an account's last row); false when none is left. */
  spend(): boolean {
    if (this.left <= 0) return false;
    this.left -= 1;
    return true;
  }
}

/** A table a chunk walks by its integer primary key `id`. */
type IdTable = SQLiteTable & { id: SQLiteColumn };

/**
 * One chunk of a walk: deletes at most `chunk` rows of `table` that match `where` (picked by an
 * index on `where`, then by id) and answers how many it took, for `Budget.drain`.
 */
export async function deleteChunk(db: Db, table: IdTable, where: SQL, chunk: number): Promise<number> {
  const gone = await db
    .delete(table)
    .where(inArray(table.id, db.select({ id: table.id }).from(table).where(where).limit(chunk)))
    .returning({ id: table.id });
  return gone.length;
}

import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { blocks, follows } from "../../db/schema";

/**
 * A row in `table` marks a target for a viewer: `viewer` holds the viewer's id, `target`
 * the target's (a user for follows and blocks; a post for likes, hides and reports).
 * `where` narrows it further, for tables that hold more than one kind of mark.
 */
export interface ViewerFlag {
  table: SQLiteTable;
  viewer: SQLiteColumn;
  target: SQLiteColumn;
  where?: SQL;
}

/** What the viewer is to each user of a page. A post list adds `liked`, `hidden`, `reported` keyed by post. */
export const USER_FLAGS = {
  follows: { table: follows, viewer: follows.followerId, target: follows.followeeId },
  blocked: { table: blocks, viewer: blocks.blockerId, target: blocks.blockedId },
  blockedBy: { table: blocks, viewer: blocks.blockedId, target: blocks.blockerId },
} satisfies Record<string, ViewerFlag>;

export type Flags<K extends string> = Record<K, boolean>;

/**
 * Row ids as an inline `VALUES` list of integer literals, one column `value`: D1 binds at most
 * 100 parameters, and unlike json_each a VALUES list costs no rows read.
 */
export function idValues(ids: readonly number[]): SQL {
  const literals = ids.map((id) => {
    if (!Number.isSafeInteger(id)) throw new RangeError(`not a row id: ${id}`);
    return `(${id})`;
  });
  return sql.raw(`SELECT column1 AS value FROM (VALUES ${literals.join(", ")})`);
}

/**
 * Every flag for every id of a page in one statement, whatever the page size: the ids go
 * as one VALUES list of literals (idValues), each flag is an EXISTS on its
 * table's primary key. An anonymous viewer has no marks, so needs no query. Every id
 * asked for is in the answer.
 */
export async function loadViewerFlags<K extends string>(
  db: Db,
  viewerId: number | null | undefined,
  ids: readonly number[],
  flags: Record<K, ViewerFlag>,
): Promise<Map<number, Flags<K>>> {
  const names = Object.keys(flags) as K[];
  const none = () => Object.fromEntries(names.map((n) => [n, false])) as Flags<K>;
  const out = new Map<number, Flags<K>>(ids.map((id) => [id, none()]));
  if (viewerId == null || out.size === 0 || names.length === 0) return out;
  const columns = names.map((name) => {
    const f: ViewerFlag = flags[name];
    const narrowed = f.where ? sql` AND ${f.where}` : sql``;
    return sql`EXISTS (SELECT 1 FROM ${f.table} WHERE ${f.viewer} = ${viewerId} AND ${f.target} = ids.value${narrowed}) AS ${sql.identifier(name)}`;
  });
  const rows = await db.all<Record<string, number>>(
    sql`SELECT ids.value AS id, ${sql.join(columns, sql`, `)} FROM (${idValues([...out.keys()])}) AS ids`,
  );
  for (const row of rows) {
    const target = out.get(Number(row.id));
    if (target) for (const name of names) target[name] = row[name] === 1;
  }
  return out;
}

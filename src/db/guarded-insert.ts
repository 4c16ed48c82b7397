import { getTableColumns, is, sql, SQL, type Column, type SQLWrapper } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";

/** A row to insert whose values may also be SQL read from the source row (e.g. `users.id`). */
export type GuardedValues<T extends SQLiteTable> = {
  [K in keyof T["$inferInsert"]]: T["$inferInsert"][K] | SQLWrapper;
};

/**
 * `INSERT INTO table SELECT <values> FROM source.from WHERE source.where`: the row goes in
 * once per source row the guard picks at the instant the statement runs, and not at all
 * when none does. That makes a check and its write one statement (a cap, a "not yet
 * following"), and lets a row refer to one the same batch has just created.
 *
 * drizzle's insert-select lists every column of the table, so the select has every
 * column in table order: a given value (encoded by its column, as `.values()` would),
 * else the column's default, else NULL (which lets SQLite assign an autoincrement id).
 */
export function guardedInsert<T extends SQLiteTable>(
  db: Db,
  table: T,
  values: GuardedValues<T>,
  source: { from: SQLiteTable; where: SQL | undefined },
) {
  // No guard would insert the row once per row of `from` (a session or a notification for every user).
  if (!source.where) throw new TypeError("guardedInsert needs a where");
  const given = values as Record<string, unknown>;
  const selection: Record<string, SQL.Aliased> = {};
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, Column][]) {
    selection[key] = valueOf(column, given[key]).as(column.name);
  }
  return db.insert(table).select(db.select(selection).from(source.from).where(source.where) as never);
}

function valueOf(column: Column, value: unknown): SQL {
  if (value !== undefined) return isSql(value) ? sql`${value}` : literal(column, value);
  if (column.default !== undefined)
    return is(column.default, SQL) ? column.default : literal(column, column.default);
  if (column.defaultFn) {
    const made = column.defaultFn();
    return is(made, SQL) ? made : literal(column, made);
  }
  return sql`NULL`;
}

const isSql = (value: unknown): value is SQLWrapper =>
  typeof (value as Partial<SQLWrapper> | null)?.getSQL === "function";

const literal = (column: Column, value: unknown) =>
  value === null ? sql`NULL` : sql`${sql.param(value, column)}`;

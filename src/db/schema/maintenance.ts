import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Where the cron's walks over large tables stopped, so each run goes on from there: a run
 * touches a bounded slice, and over many runs the whole table.
 */
export const maintenanceCursors = sqliteTable("maintenance_cursors", {
  name: text("name").primaryKey(),
  /** The last id the walk examined; 0 starts it over. */
  position: integer("position").notNull().default(0),
});

import { drizzle } from "drizzle-orm/d1";
import { countingD1, type QueryCounter } from "../infra/counting-d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof createDb>;
export type { QueryCounter };

/**
 * Drizzle over D1, or over one D1 session (what every request uses, src/deps.ts). drizzle-orm/d1
 * takes a `D1Database` and has no notion of sessions, but it only ever calls `prepare()` and
 * `batch()` on it, which a `D1DatabaseSession` has with the same signatures: the session is handed
 * over as the database, so every statement drizzle sends (batches included) goes through it and
 * moves its bookmark. `exec()` and `dump()`, which a session lacks, serve migrations only.
 * With a counter (bench/dev mode) every statement sent is counted.
 */
export function createDb(d1: D1Database | D1DatabaseSession, counter?: QueryCounter) {
  return drizzle((counter ? countingD1(d1, counter) : d1) as D1Database, { schema });
}

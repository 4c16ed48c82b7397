import { drizzle } from "drizzle-orm/d1";
import { countingD1, type QueryCounter } from "../infra/counting-d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof createDb>;
export type { QueryCounter };

/** Drizzle over D1; with a counter (bench/dev mode) every statement sent is counted. */
export function createDb(d1: D1Database, counter?: QueryCounter) {
  return drizzle(counter ? countingD1(d1, counter) : d1, { schema });
}

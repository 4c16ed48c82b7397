import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof createDb>;

export interface QueryCounter {
  count: number;
}

/**
 * Drizzle over D1. With a counter (bench/dev mode) every statement drizzle sends is
 * counted, so the bench can report D1 queries per request from the data layer itself.
 */
export function createDb(d1: D1Database, counter?: QueryCounter) {
  return drizzle(d1, {
    schema,
    logger: counter ? { logQuery: () => void (counter.count += 1) } : false,
  });
}

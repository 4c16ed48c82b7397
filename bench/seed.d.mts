// Types for the TypeScript smoke test (test/bench/harness.test.ts) that runs the seed in workerd.
export const BENCH_PASSWORD: string;
export const POPULAR_USERS: number;
export const TOPICS: string[];
export function seededName(n: number): string;
export const SEEDS: { table: string; sql: (ctx: object) => string[] }[];
export function seed(db: D1Database, options: { users: number; logN?: number }): Promise<string[]>;

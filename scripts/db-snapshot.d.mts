/** The statements of test/schema/snapshot.sql; rejects when it was built from other migrations than today's. */
export function readSnapshot(): Promise<string[]>;
export function migrationsDigest(): Promise<string>;

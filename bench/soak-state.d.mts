// Types for the TypeScript check (test/bench/harness.test.ts) that runs the soak's integrity check in workerd.
export function outcome(status: number): "ok" | "refused" | "unknown";
export class Ledger {
  readName(userId: number, actual: string): boolean;
  wroteName(userId: number, value: string, status: number): void;
  toggledFollow(followerId: number, followeeId: number, following: boolean, status: number): void;
  userIds(): number[];
}
export interface StoredState {
  names: Map<number, string>;
  follows: Set<string>;
}
export function readState(db: D1Database, userIds: number[]): Promise<StoredState>;
export function compare(ledger: Ledger, state: StoredState): { checked: number; mismatches: string[] };

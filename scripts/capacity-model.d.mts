// Types for test/scripts/capacity.test.ts; the shape of the inputs is docs/capacity-inputs.json's.
export interface ModelRow {
  users: number;
  activeUsers: number;
  requestsPerSecondPeak: number;
  storageBytes: number;
  growthBytesPerDay: number;
  daysTo10GB: number;
  queriesPerSecondPeak: number;
  primaryQueriesPerSecondPeak: number;
  rowsReadPerMonth: number;
  rowsWrittenPerMonth: number;
  kvWritesPerSecondPeak: number;
  doRequestsPerSecondPeak: number;
  cost: { workers: number; d1: number; kv: number; durableObjects: number; total: number };
}
export function perRequest(
  inputs: object,
  action: string,
  users?: number,
): {
  queries: number;
  rowsRead: number;
  rowsWritten: number;
  bytes: number;
  growth: number;
  doRequests: number;
};
export function bytesPerRow(inputs: object, table: string): number;
export function schemaBytes(inputs: object): number;
export function model(inputs: object, users: number): ModelRow;
export function capacityTable(inputs: object): string;
export function actionTable(inputs: object): string;
export function storageTable(inputs: object): string;

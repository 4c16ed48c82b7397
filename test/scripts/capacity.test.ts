// The capacity model of docs/SCALING.md (scripts/capacity-model.mjs) on small hand-made inputs,
// so each formula is checked against arithmetic done here rather than against itself.
import { describe, expect, it } from "vitest";
import { capacityTable, model, perRequest } from "../../scripts/capacity-model.mjs";

const free = { requestsIncluded: 1e12, perMillionRequests: 1, cpuMsIncluded: 1e12, perMillionCpuMs: 1 };
function inputs(perActiveUserPerDay: Record<string, number> = { read: 10, like: 1 }) {
  return {
    traffic: {
      userCounts: [1000, 1_000_000],
      dailyActiveShare: 0.5,
      peakToAverage: 2,
      perActiveUserPerDay,
      primaryActions: ["like"],
      rowsReadGrowWithUsers: ["read"],
      steadyTables: ["sessions"],
      activeMinutesPerActiveUserPerDay: 0,
      streamConnectsPerActiveUserPerDay: 0,
      doRequestsPerRequest: {},
      doWallMsPerRequest: 0,
    },
    cpuMsPerRequest: { default: 0, routes: {} },
    limits: { d1: { maxDatabaseBytes: 10e9, queriesPerSecondAt1msQueries: 1000 } },
    prices: {
      workers: { baseMonthly: 5, ...free },
      d1: {
        rowsReadIncluded: 1e15,
        perMillionRowsRead: 1,
        rowsWrittenIncluded: 1e15,
        perMillionRowsWritten: 1,
        storageIncludedGB: 1e6,
        perGBMonth: 1,
      },
      kv: { readsIncluded: 1e15, perMillionReads: 1, writesIncluded: 1e15, perMillionWrites: 1 },
      durableObjects: {
        requestsIncluded: 1e15,
        perMillionRequests: 1,
        gbSecondsIncluded: 1e15,
        perMillionGbSeconds: 1,
      },
    },
    measured: {
      storage: {
        pageFill: 0.5,
        fileBytes: { 1000: 1_100_000 },
        bytesPerSeededUser: 1000,
        tables: { post_likes: { bytesPerRow: 50 }, notifications: { bytesPerRow: 100 } },
      },
      actions: {
        users: 1000,
        usedBytesPerRow: { sessions: 40 },
        results: {
          read: { queries: 2, rowsRead: 30, rowsWritten: 0, kvWrites: 0, rowsAdded: {} },
          like: {
            queries: 6,
            rowsRead: 26,
            rowsWritten: 11,
            kvWrites: 0,
            rowsAdded: { post_likes: 1, notifications: 1, sessions: 1 },
          },
        },
      },
    },
  };
}

describe("capacity model", () => {
  it("adds up per action: bytes left behind, growth without pruned tables, a notification's push", () => {
    const like = perRequest(inputs(), "like");
    // sessions: 40 bytes in use at half-full pages is 80 bytes, but they are pruned, so not growth.
    expect(like).toMatchObject({
      queries: 6,
      rowsWritten: 11,
      bytes: 50 + 100 + 80,
      growth: 150,
      doRequests: 1,
    });
  });

  it("scales the rows read that follow the data with the users, and no other figure", () => {
    expect(perRequest(inputs(), "read", 1000).rowsRead).toBe(30);
    expect(perRequest(inputs(), "read", 1_000_000).rowsRead).toBe(30_000);
    expect(perRequest(inputs(), "like", 1_000_000).rowsRead).toBe(26);
  });

  it("sizes the database, its growth and the days until 10 GB; the primary's load; the cost at list prices", () => {
    const row = model(inputs(), 1_000_000);
    // 500,000 active users: 10 reads and 1 like each a day.
    expect(row.activeUsers).toBe(500_000);
    expect(row.requestsPerSecondPeak).toBeCloseTo((500_000 * 11 * 2) / 86_400, 6);
    expect(row.storageBytes).toBe(100_000 + 1_000_000 * 1000);
    expect(row.growthBytesPerDay).toBe(500_000 * 150);
    expect(row.daysTo10GB).toBeCloseTo((10e9 - row.storageBytes) / (500_000 * 150), 6);
    expect(row.queriesPerSecondPeak).toBeCloseTo((500_000 * (10 * 2 + 6) * 2) / 86_400, 6);
    expect(row.primaryQueriesPerSecondPeak).toBeCloseTo((500_000 * 6 * 2) / 86_400, 6);
    expect(row.rowsWrittenPerMonth).toBe(500_000 * 11 * 30);
    expect(row.doRequestsPerSecondPeak).toBeCloseTo((500_000 * 2) / 86_400, 6);
    // Everything inside what the plan includes: the Workers Paid base price only.
    expect(row.cost.total).toBe(5);
  });

  it("says a database over 10 GB at the start is over, and refuses a mix action nobody measured", () => {
    expect(model(inputs(), 20_000_000).daysTo10GB).toBe(0);
    expect(capacityTable(inputs())).toContain("| time until 10 GB |");
    expect(() => model(inputs({ "post a reel": 1 }), 1000)).toThrow(/post a reel/);
  });
});

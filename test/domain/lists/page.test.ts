import { env } from "cloudflare:workers";
import { asc, count, eq } from "drizzle-orm";
import { integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../src/db/client";
import { DomainError } from "../../../src/domain/errors";
import { pageOrThrow, readPage, readSlice, type PageRequest } from "../../../src/domain/lists/page";

/** A list of its own, so the counts do not depend on what other tests left in the database. */
const items = sqliteTable("page_test_items", {
  id: integer("id").primaryKey(),
  grp: integer("grp").notNull(),
});

/** Round trips to D1 (a batch is one) and the statements they carry. */
function tracedDb() {
  const trace = { roundTrips: 0, statements: 0 };
  const d1 = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          trace.roundTrips += 1;
          trace.statements += stmts.length;
          return target.batch(stmts);
        };
      }
      if (prop === "prepare") {
        return (query: string) => {
          const stmt = target.prepare(query);
          const wrap = (s: D1PreparedStatement): D1PreparedStatement =>
            new Proxy(s, {
              get(t, p) {
                if (p === "bind") return (...args: unknown[]) => wrap(t.bind(...args));
                const v = Reflect.get(t, p, t);
                if (p === "run" || p === "all" || p === "first" || p === "raw") {
                  return (...args: unknown[]) => {
                    trace.roundTrips += 1;
                    trace.statements += 1;
                    return (v as (...a: unknown[]) => unknown).apply(t, args);
                  };
                }
                return typeof v === "function" ? v.bind(t) : v;
              },
            });
          return wrap(stmt);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: createDb(d1), trace };
}

const queriesFor = (db: Db, grp: number) => ({
  count: db.select({ count: count() }).from(items).where(eq(items.grp, grp)),
  rows: ({ limit, offset }: { limit: number; offset: number }) =>
    db
      .select({ id: items.id })
      .from(items)
      .where(eq(items.grp, grp))
      .orderBy(asc(items.id))
      .limit(limit)
      .offset(offset),
});

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i }));

beforeAll(async () => {
  await env.DB.prepare(
    "CREATE TABLE IF NOT EXISTS page_test_items (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL)",
  ).run();
  await env.DB.prepare("DELETE FROM page_test_items").run();
  // 25 rows in group 1; group 2 is empty.
  await env.DB.batch(
    Array.from({ length: 25 }, (_, i) =>
      env.DB.prepare("INSERT INTO page_test_items (id, grp) VALUES (?, 1)").bind(i + 1),
    ),
  );
});

describe("readPage", () => {
  it("reads a page and the list's length in one round trip", async () => {
    const { db, trace } = tracedDb();
    const outcome = await readPage(db, { page: 2, pageSize: 10 }, queriesFor(db, 1));
    expect(outcome).toEqual({
      kind: "page",
      page: { rows: ids(11, 20), count: 25, page: 2, pageSize: 10, totalPages: 3 },
    });
    expect(trace).toEqual({ roundTrips: 1, statements: 2 });
  });

  it("the last page holds the remainder; the one after it is out of range", async () => {
    const { db } = tracedDb();
    const last = await readPage(db, { page: 3, pageSize: 10 }, queriesFor(db, 1));
    expect(last).toEqual({
      kind: "page",
      page: { rows: ids(21, 25), count: 25, page: 3, pageSize: 10, totalPages: 3 },
    });
    expect(await readPage(db, { page: 4, pageSize: 10 }, queriesFor(db, 1))).toEqual({
      kind: "out_of_range",
    });
    const exact = await readPage(db, { page: 5, pageSize: 5 }, queriesFor(db, 1));
    expect(exact).toMatchObject({ kind: "page", page: { rows: ids(21, 25), totalPages: 5 } });
    expect(await readPage(db, { page: 6, pageSize: 5 }, queriesFor(db, 1))).toEqual({ kind: "out_of_range" });
  });

  it('"last" resolves to the last page\'s number', async () => {
    const { db, trace } = tracedDb();
    const outcome = await readPage(db, { page: "last", pageSize: 10 }, queriesFor(db, 1));
    expect(outcome).toEqual({
      kind: "page",
      page: { rows: ids(21, 25), count: 25, page: 3, pageSize: 10, totalPages: 3 },
    });
    expect(trace.statements).toBe(2);
  });

  it("an empty list has one empty first page, and nothing after it", async () => {
    const { db } = tracedDb();
    expect(await readPage(db, { page: 1, pageSize: 10 }, queriesFor(db, 2))).toEqual({
      kind: "page",
      page: { rows: [], count: 0, page: 1, pageSize: 10, totalPages: 1 },
    });
    expect(await readPage(db, { page: "last", pageSize: 10 }, queriesFor(db, 2))).toMatchObject({
      kind: "page",
      page: { page: 1, rows: [] },
    });
    expect(await readPage(db, { page: 2, pageSize: 10 }, queriesFor(db, 2))).toEqual({
      kind: "out_of_range",
    });
  });

  it("a page that is not a positive integer is out of range without a query", async () => {
    const { db, trace } = tracedDb();
    for (const page of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, Number.MAX_SAFE_INTEGER]) {
      expect({ page, outcome: await readPage(db, { page, pageSize: 10 }, queriesFor(db, 1)) }).toEqual({
        page,
        outcome: { kind: "out_of_range" },
      });
    }
    expect(trace.statements).toBe(0);
  });

  it("refuses a page size the surface should never have let through", async () => {
    const { db } = tracedDb();
    for (const pageSize of [0, -1, 1.5, Number.NaN]) {
      await expect(readPage(db, { page: 1, pageSize } as PageRequest, queriesFor(db, 1))).rejects.toThrow(
        RangeError,
      );
    }
  });

  it("pageOrThrow turns out of range into NOT_FOUND invalid_page", async () => {
    const { db } = tracedDb();
    expect(pageOrThrow(await readPage(db, { page: 1, pageSize: 30 }, queriesFor(db, 1))).rows).toHaveLength(
      25,
    );
    const err = (() => {
      try {
        pageOrThrow({ kind: "out_of_range" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: "NOT_FOUND", reason: "invalid_page" });
  });
});

describe("readSlice", () => {
  it("refuses a slice that could not advance (limit 0) or starts before the list", async () => {
    const never = () => {
      throw new Error("no query for a bad slice");
    };
    await expect(readSlice({ limit: 0, offset: 0 }, never)).rejects.toThrow(RangeError);
    await expect(readSlice({ limit: 10, offset: -1 }, never)).rejects.toThrow(RangeError);
  });

  const rows = (db: Db) => queriesFor(db, 1).rows;

  it("one statement: a slice, and where the next starts", async () => {
    const { db, trace } = tracedDb();
    expect(await readSlice({ limit: 10, offset: 0 }, rows(db))).toEqual({
      rows: ids(1, 10),
      next: { limit: 10, offset: 10 },
    });
    expect(trace).toEqual({ roundTrips: 1, statements: 1 });
  });

  it("no next at the end, exact or short, and empty past it", async () => {
    const { db } = tracedDb();
    expect(await readSlice({ limit: 5, offset: 20 }, rows(db))).toEqual({ rows: ids(21, 25), next: null });
    expect(await readSlice({ limit: 10, offset: 20 }, rows(db))).toEqual({ rows: ids(21, 25), next: null });
    expect(await readSlice({ limit: 10, offset: 30 }, rows(db))).toEqual({ rows: [], next: null });
  });
});

import type { RunnableQuery } from "drizzle-orm/runnable-query";
import type { Db } from "../../db/client";
import { invalidPage } from "../errors";

/** A drizzle query that can run alone or in a `db.batch`. */
type Query<R> = RunnableQuery<R, "sqlite"> & PromiseLike<R>;

/** Which page of a list: a 1-based number, or the last one whatever its number (DRF's `page=last`). */
export interface PageRequest {
  /** Anything but a positive integer or "last" (NaN, 0, 1.5) names no page. */
  page: number | "last";
  pageSize: number;
}

export interface Page<T> {
  rows: T[];
  /** Rows in the whole list, not on this page. */
  count: number;
  page: number;
  pageSize: number;
  /** At least 1: an empty list still has its empty first page, as Django's paginator says. */
  totalPages: number;
}

/** A page past the end (or none at all) is an outcome the caller words, not an exception of the reader. */
export type PageOutcome<T> = { kind: "page"; page: Page<T> } | { kind: "out_of_range" };

export interface PageQueries<T> {
  /** One row `{ count }`: the same filter as `rows`, without order or limit. */
  count: Query<{ count: number }[]>;
  rows: (slice: { limit: number; offset: number }) => Query<T[]>;
}

const OUT_OF_RANGE = { kind: "out_of_range" } as const;

/**
 * The deepest a page may start: SQLite reaches an OFFSET by reading every row before it, so
 * a page further in than this is answered `Invalid page.` (as a page past the end is) rather
 * than read. Every page then costs at most this many rows more than the first, whatever
 * the list's length (issue 20; README "Paging").
 */
export const MAX_PAGE_OFFSET = 1000;

export const totalPagesOf = (count: number, pageSize: number) => Math.max(1, Math.ceil(count / pageSize));

/**
 * One page and the list's length in one round trip: the count and the page's select go
 * as one D1 batch, so both read the same snapshot. A batch rather than `count(*) over ()`
 * on the page select: the window makes SQLite build the whole filtered list before
 * applying the limit, while the count alone can be answered from an index. Only
 * `page: "last"` needs the count first, so it costs two round trips.
 */
export async function readPage<T>(
  db: Db,
  request: PageRequest,
  queries: PageQueries<T>,
): Promise<PageOutcome<T>> {
  const { pageSize } = request;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`page size ${pageSize}`);
  if (request.page === "last") {
    const count = countOf(await queries.count);
    const page = totalPagesOf(count, pageSize);
    if ((page - 1) * pageSize > MAX_PAGE_OFFSET) return OUT_OF_RANGE;
    const rows = await queries.rows({ limit: pageSize, offset: (page - 1) * pageSize });
    return { kind: "page", page: { rows, count, page, pageSize, totalPages: totalPagesOf(count, pageSize) } };
  }
  const page = request.page;
  const offset = (page - 1) * pageSize;
  // No list is that long: refused without a query, as Django refuses a page that is not a number.
  if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(offset) || offset > MAX_PAGE_OFFSET)
    return OUT_OF_RANGE;
  const [counted, rows] = await db.batch([queries.count, queries.rows({ limit: pageSize, offset })]);
  const count = countOf(counted);
  const totalPages = totalPagesOf(count, pageSize);
  if (page > totalPages) return OUT_OF_RANGE;
  return { kind: "page", page: { rows, count, page, pageSize, totalPages } };
}

const countOf = (rows: { count: number }[]) => Number(rows[0]?.count ?? 0);

/** The page, or the NOT_FOUND every paginated API of the service answers for a page it does not have. */
export function pageOrThrow<T>(outcome: PageOutcome<T>): Page<T> {
  if (outcome.kind === "out_of_range") throw invalidPage();
  return outcome.page;
}

export function mapPage<T, R>(page: Page<T>, fn: (row: T, index: number) => R): Page<R> {
  return { ...page, rows: page.rows.map(fn) };
}

/** Limit/offset lists that carry no count: `limit` rows from `offset`, and where the next slice starts. */
export interface SliceRequest {
  limit: number;
  offset: number;
}

export interface Slice<T> {
  rows: T[];
  /** Null when this slice reaches the end. */
  next: SliceRequest | null;
}

/** One statement: a row past the slice tells whether there is a next one, with no count at all. */
export async function readSlice<T>(
  request: SliceRequest,
  rows: (slice: SliceRequest) => Query<T[]>,
): Promise<Slice<T>> {
  const { limit, offset } = request;
  // A zero limit would link to itself for ever.
  if (!Number.isSafeInteger(limit) || limit < 1 || !Number.isSafeInteger(offset) || offset < 0)
    throw new RangeError(`bad slice ${limit}@${offset}`);
  const found = await rows({ limit: limit + 1, offset });
  return {
    rows: found.slice(0, limit),
    next: found.length > limit ? { limit, offset: offset + limit } : null,
  };
}

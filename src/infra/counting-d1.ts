export interface QueryCounter {
  count: number;
  /** Rows D1 read and wrote for this request (`meta.rows_read`/`rows_written`), when the binding reports them. */
  rowsRead?: number;
  rowsWritten?: number;
}

const EXECUTE = new Set<PropertyKey>(["run", "all", "first", "raw"]);

/**
 * D1 with every statement counted, batched ones included (drizzle's logger misses
 * those), for the bench's queries-per-request figure. `batch()` gets the real
 * statements back, since workerd checks what it is handed. Rows read and written are
 * summed from the `meta` of every answer under the binding (`withRowCounts`), since
 * `raw()`, which drizzle uses for most selects, drops the meta it was sent.
 */
export function countingD1<D extends D1Database | D1DatabaseSession>(d1: D, counter: QueryCounter): D {
  const base = withRowCounts(d1, counter);
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args));
        if (EXECUTE.has(prop)) {
          return (...args: unknown[]) => {
            counter.count += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    originals.set(proxy, stmt);
    return proxy;
  };
  return new Proxy(base, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => wrap(target.prepare(query));
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          counter.count += statements.length;
          return target.batch(statements.map((s) => originals.get(s) ?? s));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

interface FetcherLike {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

/**
 * The shape of workerd's D1 binding: a database whose statements talk to D1 through a session's
 * fetcher; a session (`withSession()`) is one such object, whose statements use its own fetcher.
 */
interface D1Internals {
  fetcher: FetcherLike;
  alwaysPrimarySession?: { fetcher: FetcherLike };
}

const hasFetcher = (o: unknown): o is { fetcher: FetcherLike } =>
  !!o &&
  typeof o === "object" &&
  "fetcher" in o &&
  typeof (o as { fetcher?: FetcherLike }).fetcher?.fetch === "function";
const hasInternals = (d1: object): d1 is D1Internals =>
  "alwaysPrimarySession" in d1
    ? hasFetcher((d1 as D1Internals).alwaysPrimarySession)
    : "bookmarkOrConstraint" in d1 && hasFetcher(d1);

/**
 * A copy of the binding whose fetcher adds up the `meta` of every answer it carries (one
 * per statement, batches included). Bench and test mode only: it reads each answer twice.
 * A binding of another shape is used as it is, and the row counts stay unset.
 */
function withRowCounts<D extends D1Database | D1DatabaseSession>(d1: D, counter: QueryCounter): D {
  if (!hasInternals(d1)) return d1;
  counter.rowsRead ??= 0;
  counter.rowsWritten ??= 0;
  const inner = (d1.alwaysPrimarySession ?? d1).fetcher;
  const fetcher: FetcherLike = {
    async fetch(input, init) {
      const res = await inner.fetch(input, init);
      try {
        const body: unknown = await res.clone().json();
        for (const result of Array.isArray(body) ? body : [body]) {
          const meta = (result as { meta?: { rows_read?: number; rows_written?: number } } | null)?.meta;
          counter.rowsRead! += Number(meta?.rows_read ?? 0);
          counter.rowsWritten! += Number(meta?.rows_written ?? 0);
        }
      } catch {
        // An answer that is not JSON carries no counts; the statement's own caller sees its error.
      }
      return res;
    },
  };
  const copy = (o: object, extra: object) =>
    Object.assign(Object.create(Object.getPrototypeOf(o) as object) as object, o, extra);
  // A session carries its bookmark in its own fields: the copy is the session from here on.
  if (!d1.alwaysPrimarySession) return copy(d1, { fetcher }) as D;
  return copy(d1, { fetcher, alwaysPrimarySession: copy(d1.alwaysPrimarySession, { fetcher }) }) as D;
}

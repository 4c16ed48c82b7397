// Page-number lists as Django REST Framework's PageNumberPagination reads and writes them,
// the envelopes the client APIs wrap them in, and the link builders they share.
import type { Page, PageRequest } from "../../domain/lists/page";

export interface PageSizeRule {
  /** The size when the client asks for none, or for one that is not a positive integer. */
  default: number;
  /** A larger size asked for is capped to this, not refused (DRF's `max_page_size`). */
  max?: number;
}

export interface PageQueryRule extends PageSizeRule {
  /** DRF's `page_query_param`. */
  pageParam?: string;
  /** DRF's `page_size_query_param`; null when the client may not choose (MediaCMS: always 50). */
  sizeParam?: string | null;
}

/** What Python's `int()` accepts of a string: surrounding blanks, a sign, digits with single underscores. */
const PY_INT = /^[+-]?[0-9]+(?:_[0-9]+)*$/;

function pythonInt(raw: string): number {
  const s = raw.trim();
  return PY_INT.test(s) ? Number(s.replaceAll("_", "")) : NaN;
}

/** Django's QueryDict gives the last value of a repeated parameter. */
const lastValue = (url: URL, name: string): string | undefined => url.searchParams.getAll(name).at(-1);

/**
 * DRF's `get_page_size`: a positive integer, capped at `max`; anything else (absent, 0,
 * negative, not a number) falls back to the default rather than failing the request.
 */
export function pageSizeOf(raw: string | undefined, rule: PageSizeRule): number {
  const n = raw === undefined ? NaN : pythonInt(raw);
  if (!(n >= 1)) return rule.default;
  // Python's integers have no ceiling: a 30-digit size is still capped, not refused.
  if (rule.max) return Math.min(n, rule.max);
  return Number.isSafeInteger(n) ? n : rule.default;
}

/**
 * DRF's `get_page_number`: absent or empty is page 1 and `last` the last page; the rest is
 * read as Python's `int()` would, and what is not a positive integer names no page (the
 * reader answers it as out of range, DRF's 404 "Invalid page.").
 */
export function pageRequestOf(requestUrl: string | URL, rule: PageQueryRule): PageRequest {
  const url = new URL(requestUrl);
  const sizeParam = rule.sizeParam === undefined ? "page_size" : rule.sizeParam;
  const pageSize = sizeParam === null ? rule.default : pageSizeOf(lastValue(url, sizeParam), rule);
  const raw = lastValue(url, rule.pageParam ?? "page");
  if (!raw) return { page: 1, pageSize };
  if (raw === "last") return { page: "last", pageSize };
  return { page: pythonInt(raw), pageSize };
}

export interface PageLinks {
  next: string | null;
  previous: string | null;
}

/**
 * DRF's `get_next_link` / `get_previous_link`: the absolute request URL with the page
 * number replaced, and with it removed for page 1, every other parameter kept.
 */
export function pageLinks(page: Page<unknown>, requestUrl: string, pageParam = "page"): PageLinks {
  const next =
    page.page < page.totalPages ? replaceQueryParam(requestUrl, pageParam, String(page.page + 1)) : null;
  const previous =
    page.page <= 1
      ? null
      : page.page === 2
        ? removeQueryParam(requestUrl, pageParam)
        : replaceQueryParam(requestUrl, pageParam, String(page.page - 1));
  return { next, previous };
}

/** Twimbol's pagination class (seed 004 §4): DRF's page plus the size in effect, the page and the page count. */
export function drfPageBody<T, R>(
  page: Page<T>,
  requestUrl: string,
  toItem: (row: T) => R,
  pageParam = "page",
) {
  const { next, previous } = pageLinks(page, requestUrl, pageParam);
  return {
    count: page.count,
    page_size: page.pageSize,
    page: page.page,
    total_pages: page.totalPages,
    next,
    previous,
    results: page.rows.map(toItem),
  };
}

/** DRF's own PageNumberPagination envelope, as MediaCMS answers (seed 000). */
export function mediaCmsPageBody<T, R>(
  page: Page<T>,
  requestUrl: string,
  toItem: (row: T) => R,
  pageParam = "page",
) {
  const { next, previous } = pageLinks(page, requestUrl, pageParam);
  return { count: page.count, next, previous, results: page.rows.map(toItem) };
}

/** Cocotree's lists are named arrays in its success payload (seed 002): `{"code": 0, "payload": {"friends": […]}}`. */
export function cocotreeListsBody<L extends Record<string, readonly unknown[]>>(lists: L) {
  return { code: 0 as const, payload: lists };
}

/** The request's absolute URL with these parameters set in place (appended when absent), every other one kept. */
export function replaceQueryParams<P extends { [K in keyof P]: string | number }>(
  requestUrl: string,
  params: P,
): string {
  const url = new URL(requestUrl);
  for (const [key, value] of Object.entries<string | number>(params))
    url.searchParams.set(key, String(value));
  return url.toString();
}

/** DRF's `replace_query_param`: Python's `urlencode(sorted(parse_qs(query, keep_blank_values=True)))`. */
export const replaceQueryParam = (requestUrl: string, key: string, value: string) =>
  rewriteQuery(requestUrl, key, value);

/** DRF's `remove_query_param`; a query left empty leaves no `?`. */
export const removeQueryParam = (requestUrl: string, key: string) => rewriteQuery(requestUrl, key, null);

function rewriteQuery(requestUrl: string, key: string, value: string | null): string {
  const url = new URL(requestUrl);
  const grouped = new Map<string, string[]>();
  for (const [k, v] of url.searchParams) {
    const values = grouped.get(k);
    if (values) values.push(v);
    else grouped.set(k, [v]);
  }
  if (value === null) grouped.delete(key);
  else grouped.set(key, [value]);
  url.search = [...grouped.keys()]
    .sort(byCodePoint)
    .flatMap((k) => grouped.get(k)!.map((v) => `${quotePlus(k)}=${quotePlus(v)}`))
    .join("&");
  return url.toString();
}

/** Python orders strings by code point; JS's default sort by UTF-16 unit differs past U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

/** Python's `quote_plus`: only letters, digits and `_.-~` stay, a space is `+`. */
const quotePlus = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");

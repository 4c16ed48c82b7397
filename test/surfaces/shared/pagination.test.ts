import { describe, expect, it } from "vitest";
import { invalidPage } from "../../../src/domain/errors";
import type { Page } from "../../../src/domain/lists/page";
import { defaultDrfEnvelope } from "../../../src/surfaces/shared/drf-envelope";
import {
  cocotreeListsBody,
  drfPageBody,
  mediaCmsPageBody,
  pageLinks,
  pageRequestOf,
  pageSizeOf,
  removeQueryParam,
  replaceQueryParam,
  replaceQueryParams,
} from "../../../src/surfaces/shared/pagination";
import { twimbolEnvelope } from "../../../src/surfaces/twimbol/errors";

const page = (n: number, totalPages: number, rows: number[] = [n]): Page<number> => ({
  rows,
  count: totalPages * 10,
  page: n,
  pageSize: 10,
  totalPages,
});

describe("pageSizeOf (DRF get_page_size)", () => {
  const rule = { default: 10, max: 100 };
  it("takes a positive integer as Python's int() reads it", () => {
    for (const [raw, size] of [
      ["20", 20],
      [" 20 ", 20],
      ["+20", 20],
      ["1_0", 10],
      ["007", 7],
      ["1", 1],
      ["100", 100],
    ] as const) {
      expect({ raw, size: pageSizeOf(raw, rule) }).toEqual({ raw, size });
    }
  });

  it("caps a larger size, however large, instead of refusing it", () => {
    expect(pageSizeOf("101", rule)).toBe(100);
    expect(pageSizeOf("1000", rule)).toBe(100);
    expect(pageSizeOf("9".repeat(40), rule)).toBe(100);
  });

  it("falls back to the default for absent, zero, negative or garbage", () => {
    for (const raw of [
      undefined,
      "",
      "0",
      "-0",
      "-5",
      "abc",
      "1.5",
      "1e3",
      "0x10",
      "1__0",
      "_1",
      "1_",
      "2 0",
      "NaN",
      "Infinity",
    ]) {
      expect({ raw, size: pageSizeOf(raw, rule) }).toEqual({ raw, size: 10 });
    }
  });

  it("without a max, takes any size that is an exact integer", () => {
    expect(pageSizeOf("5000", { default: 10 })).toBe(5000);
    expect(pageSizeOf("9".repeat(40), { default: 10 })).toBe(10);
  });
});

describe("pageRequestOf (DRF get_page_number)", () => {
  const rule = { default: 10, max: 100 };
  const req = (query: string, r: Parameters<typeof pageRequestOf>[1] = rule) =>
    pageRequestOf(`http://api.test/api/posts/${query}`, r);

  it("page 1 when absent or empty; the number otherwise", () => {
    expect(req("")).toEqual({ page: 1, pageSize: 10 });
    expect(req("?page=")).toEqual({ page: 1, pageSize: 10 });
    expect(req("?page=3&page_size=20")).toEqual({ page: 3, pageSize: 20 });
    expect(req("?page=%202%20")).toEqual({ page: 2, pageSize: 10 });
  });

  it('"last" names the last page', () => {
    expect(req("?page=last")).toEqual({ page: "last", pageSize: 10 });
    expect(req("?page=LAST").page).toBeNaN();
  });

  it("a page that is not a positive integer is kept as such, for the reader to refuse", () => {
    expect(req("?page=0").page).toBe(0);
    expect(req("?page=-1").page).toBe(-1);
    for (const q of ["?page=abc", "?page=1.0", "?page=2x"]) expect(req(q).page).toBeNaN();
  });

  it("the last of repeated parameters wins, as in Django's QueryDict", () => {
    expect(req("?page=1&page=2&page_size=5&page_size=7")).toEqual({ page: 2, pageSize: 7 });
  });

  it("a capped or invalid page_size does not invalidate the page", () => {
    expect(req("?page=2&page_size=1000")).toEqual({ page: 2, pageSize: 100 });
    expect(req("?page=2&page_size=abc")).toEqual({ page: 2, pageSize: 10 });
    expect(req("?page=2&page_size=-3")).toEqual({ page: 2, pageSize: 10 });
  });

  it("own parameter names, or none for the size (MediaCMS: always 50)", () => {
    expect(req("?p=4&size=3", { default: 10, pageParam: "p", sizeParam: "size" })).toEqual({
      page: 4,
      pageSize: 3,
    });
    expect(req("?page=2&page_size=3", { default: 50, sizeParam: null })).toEqual({ page: 2, pageSize: 50 });
  });
});

describe("DRF query links", () => {
  it("replace keeps the other parameters, sorted and encoded as Python's urlencode", () => {
    expect(
      replaceQueryParam("http://api.test/api/posts/?search=a b&page=1&ordering=-created_at", "page", "2"),
    ).toBe("http://api.test/api/posts/?ordering=-created_at&page=2&search=a+b");
    expect(replaceQueryParam("http://api.test/x/?q=%C3%A9~*'&a&b=1&b=2", "page", "3")).toBe(
      "http://api.test/x/?a=&b=1&b=2&page=3&q=%C3%A9~%2A%27",
    );
    expect(replaceQueryParam("http://api.test/x/", "page", "2")).toBe("http://api.test/x/?page=2");
    expect(replaceQueryParam("https://api.test:8443/x/?page=9&page=8", "page", "2")).toBe(
      "https://api.test:8443/x/?page=2",
    );
  });

  it("remove drops every value of the parameter, and the ? with the last one", () => {
    expect(removeQueryParam("http://api.test/x/?page=2&search=q", "page")).toBe(
      "http://api.test/x/?search=q",
    );
    expect(removeQueryParam("http://api.test/x/?page=2&page=3", "page")).toBe("http://api.test/x/");
  });

  it("pageLinks: none around a single page; previous to page 1 drops page", () => {
    const url = "http://api.test/api/posts/?page_size=5&page=2";
    expect(pageLinks(page(1, 1), "http://api.test/api/posts/")).toEqual({ next: null, previous: null });
    expect(pageLinks(page(1, 3), "http://api.test/api/posts/")).toEqual({
      next: "http://api.test/api/posts/?page=2",
      previous: null,
    });
    expect(pageLinks(page(2, 3), url)).toEqual({
      next: "http://api.test/api/posts/?page=3&page_size=5",
      previous: "http://api.test/api/posts/?page_size=5",
    });
    expect(pageLinks(page(3, 3), url)).toEqual({
      next: null,
      previous: "http://api.test/api/posts/?page=2&page_size=5",
    });
  });

  it('pageLinks from "page=last" names the real numbers', () => {
    expect(pageLinks(page(3, 3), "http://api.test/api/posts/?page=last")).toEqual({
      next: null,
      previous: "http://api.test/api/posts/?page=2",
    });
  });

  it("replaceQueryParams sets in place and keeps the order of the others", () => {
    expect(
      replaceQueryParams("http://api.test/users/leaderboard/?foo=bar&offset=10&limit=20&x=%C3%A9", {
        limit: 20,
        offset: 30,
      }),
    ).toBe("http://api.test/users/leaderboard/?foo=bar&offset=30&limit=20&x=%C3%A9");
    expect(replaceQueryParams("http://api.test/users/leaderboard/", { limit: 100, offset: 100 })).toBe(
      "http://api.test/users/leaderboard/?limit=100&offset=100",
    );
  });
});

describe("envelopes", () => {
  const middle: Page<number> = { rows: [11, 12], count: 25, page: 2, pageSize: 10, totalPages: 3 };
  const url = "http://api.test/api/posts/?page=2&search=x";

  it("Twimbol's DRF page: count, page_size, page, total_pages, next, previous, results, in that order", () => {
    const body = drfPageBody(middle, url, (n) => ({ id: n }));
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        count: 25,
        page_size: 10,
        page: 2,
        total_pages: 3,
        next: "http://api.test/api/posts/?page=3&search=x",
        previous: "http://api.test/api/posts/?search=x",
        results: [{ id: 11 }, { id: 12 }],
      }),
    );
  });

  it("an empty list: one page, no links", () => {
    const empty: Page<number> = { rows: [], count: 0, page: 1, pageSize: 10, totalPages: 1 };
    expect(drfPageBody(empty, "http://api.test/api/posts/", String)).toEqual({
      count: 0,
      page_size: 10,
      page: 1,
      total_pages: 1,
      next: null,
      previous: null,
      results: [],
    });
    expect(mediaCmsPageBody(empty, "http://api.test/api/v1/users", String)).toEqual({
      count: 0,
      next: null,
      previous: null,
      results: [],
    });
  });

  it("MediaCMS: count, next, previous, results, in that order", () => {
    const body = mediaCmsPageBody(
      { ...middle, pageSize: 50 },
      "http://api.test/api/v1/users?page=2",
      (n) => n * 2,
    );
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        count: 25,
        next: "http://api.test/api/v1/users?page=3",
        previous: "http://api.test/api/v1/users",
        results: [22, 24],
      }),
    );
  });

  it("Cocotree: named lists in the success payload", () => {
    expect(cocotreeListsBody({ friends: [{ id: 1 }] })).toEqual({
      code: 0,
      payload: { friends: [{ id: 1 }] },
    });
    expect(cocotreeListsBody({ pending: [], recent: [1] })).toEqual({
      code: 0,
      payload: { pending: [], recent: [1] },
    });
  });

  it('a page the list does not have is DRF\'s 404 "Invalid page." in the DRF envelopes', () => {
    for (const envelope of [defaultDrfEnvelope, twimbolEnvelope]) {
      expect(envelope.fromDomain(invalidPage())).toEqual({ status: 404, body: { detail: "Invalid page." } });
    }
  });
});

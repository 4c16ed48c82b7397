// Issue 23: every request runs in one D1 session; a client that sends back the session's bookmark
// reads at least everything that bookmark had seen, its own writes included.
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { SESSION_COOKIE } from "./credentials";

export const BOOKMARK_HEADER = "X-D1-Bookmark";
/** The same bookmark for browsers, whose fetch() of a cookie-authenticated page does not copy headers across requests. */
export const BOOKMARK_COOKIE = "d1_bookmark";
/** A browser keeps it about as long as a page stays open; an old bookmark only sends a read to a fresher copy. */
const COOKIE_MAX_AGE_SECONDS = 86_400;

/**
 * What D1 hands out (`00000000-0000001e-00000000-<32 hex>`, checked against workerd and the docs'
 * examples). Anything else is ignored rather than passed on: local D1 keeps an unknown string as
 * the session's bookmark, and Cloudflare refuses it, which would make a client's garbage a 500.
 * One in this shape is passed on unchecked: D1's docs define a bookmark only as a lexicographically
 * sortable point in the database's history that a session's reads must be at least as recent as,
 * so a forged one can only make the forger's own read wait for (or be sent to) a fresher copy;
 * local D1 answers it normally (test/http/d1-bookmark.test.ts). What Cloudflare does with one
 * ahead of every copy is not documented: if it ever errors, falling back to the primary belongs here.
 */
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

export const isBookmark = (value: string | undefined | null): value is D1SessionBookmark =>
  !!value && BOOKMARK.test(value);

/** Where a route's session may start: the primary (the default), or any replica. */
export type RouteSession = Extract<D1SessionConstraint, "first-primary" | "first-unconstrained">;

const READS = new Set(["GET", "HEAD"]);

/** The bookmark the client sent back: the header, else the browser's cookie. */
export function sentBookmark(c: Context<AppEnv>): D1SessionBookmark | undefined {
  const header = c.req.header(BOOKMARK_HEADER);
  if (isBookmark(header)) return header;
  const cookie = getCookie(c, BOOKMARK_COOKIE);
  return isBookmark(cookie) ? cookie : undefined;
}

/**
 * Where this request's session starts. Only a read declared `first-unconstrained` may start at a
 * replica; everything else (writes, logins, refresh, any route that checks a credential) starts at
 * the primary, where no bookmark can be newer. On a public read, a bookmark sent back starts there;
 * without one, a request that carries a credential still starts at the primary, so a client that
 * never heard of bookmarks keeps reading its own writes (the game reads its avatar back through the
 * public profile); only anonymous reads go anywhere.
 */
export function startingPoint(
  c: Context<AppEnv>,
  declared: RouteSession | undefined,
): D1SessionConstraint | D1SessionBookmark {
  if (declared !== "first-unconstrained" || !READS.has(c.req.method)) return "first-primary";
  const bookmark = sentBookmark(c);
  if (bookmark) return bookmark;
  return carriesCredential(c) ? "first-primary" : "first-unconstrained";
}

const carriesCredential = (c: Context<AppEnv>) =>
  !!c.req.header("Authorization")?.trim() || !!getCookie(c, SESSION_COOKIE);

/**
 * The headers that hand the bookmark back: always the header; the cookie too when a browser
 * would keep it (the request came with our cookies, the answer sets one, or it is a credentialed
 * CORS answer). A request that touched no table has no bookmark of its own and echoes the one it got.
 */
export function bookmarkHeaders(c: Context<AppEnv>, latest: D1SessionBookmark | null, headers: Headers) {
  const bookmark = latest ?? sentBookmark(c);
  if (!bookmark) return;
  headers.set(BOOKMARK_HEADER, bookmark);
  const browser =
    !!getCookie(c, SESSION_COOKIE) ||
    getCookie(c, BOOKMARK_COOKIE) !== undefined ||
    headers.has("Set-Cookie") ||
    headers.get("Access-Control-Allow-Credentials") === "true";
  if (!browser) return;
  const secure = new URL(c.req.url).protocol === "https:" ? "; Secure" : "";
  headers.append(
    "Set-Cookie",
    `${BOOKMARK_COOKIE}=${bookmark}; Max-Age=${COOKIE_MAX_AGE_SECONDS}; Path=/; HttpOnly; SameSite=Lax${secure}`,
  );
}

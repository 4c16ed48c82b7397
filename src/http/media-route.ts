import { Hono } from "hono";
import type { AppEnv } from "../env";

const NOT_FOUND = { detail: "Not found." };

/** One `bytes=` range; anything else (multiple ranges, other units, garbage) means "whole object". */
export function parseRange(header: string | undefined): R2Range | undefined {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (!m[1] && !m[2])) return undefined;
  if (!m[1]) return { suffix: Number(m[2]) };
  const offset = Number(m[1]);
  if (!m[2]) return { offset };
  const end = Number(m[2]);
  return end >= offset ? { offset, length: end - offset + 1 } : undefined;
}

/**
 * `/media/{key}` straight from R2 with validators and ranges: ETag/Last-Modified,
 * conditional GET (304), `Range` (206/416) and long-lived caching (keys never change).
 */
export const mediaRoute = new Hono<AppEnv>().on(["GET", "HEAD"], "/media/:key{.+}", async (c) => {
  const key = c.req.param("key");
  const bucket = c.env.MEDIA;
  const conditional = c.req.header("If-None-Match") || c.req.header("If-Modified-Since");
  const range = parseRange(c.req.header("Range"));
  let object: R2Object | R2ObjectBody | null;
  try {
    object = await bucket.get(key, { range, onlyIf: c.req.raw.headers });
  } catch {
    // R2 throws only for a range it cannot satisfy.
    const head = await bucket.head(key);
    if (!head) return c.json(NOT_FOUND, 404);
    return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${head.size}` } });
  }
  if (!object) return c.json(NOT_FOUND, 404);

  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("ETag", object.httpEtag);
  headers.set("Last-Modified", object.uploaded.toUTCString());
  headers.set("Accept-Ranges", "bytes");
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "public, max-age=31536000, immutable");

  if (!("body" in object)) return new Response(null, { status: conditional ? 304 : 412, headers });
  const isHead = c.req.method === "HEAD";
  if (isHead) await object.body.cancel();
  const body = isHead ? null : object.body;
  const served = object.range as { offset?: number; length?: number } | undefined;
  if (range && served) {
    const offset = served.offset ?? 0;
    const length = served.length ?? object.size - offset;
    headers.set("Content-Range", `bytes ${offset}-${offset + length - 1}/${object.size}`);
    headers.set("Content-Length", String(length));
    return new Response(body, { status: 206, headers });
  }
  headers.set("Content-Length", String(object.size));
  return new Response(body, { status: 200, headers });
});

import { Hono } from "hono";
import type { AppEnv } from "../env";

const NOT_FOUND = { detail: "Not found." };

/**
 * `/media/{key}` straight from R2 with validators and ranges: ETag/Last-Modified,
 * conditional GET (304), `Range` (206) and long-lived caching (keys never change).
 */
export const mediaRoute = new Hono<AppEnv>().on(["GET", "HEAD"], "/media/:key{.+}", async (c) => {
  const key = c.req.param("key");
  const bucket = c.env.MEDIA;
  const conditional = c.req.header("If-None-Match") || c.req.header("If-Modified-Since");
  let object: R2Object | R2ObjectBody | null;
  try {
    object = await bucket.get(key, { range: c.req.raw.headers, onlyIf: c.req.raw.headers });
  } catch {
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

  const range = object.range as { offset?: number; length?: number; suffix?: number } | undefined;
  if (range && c.req.header("Range")) {
    const offset = range.suffix !== undefined ? object.size - range.suffix : (range.offset ?? 0);
    const length = range.suffix ?? range.length ?? object.size - offset;
    headers.set("Content-Range", `bytes ${offset}-${offset + length - 1}/${object.size}`);
    headers.set("Content-Length", String(length));
    return new Response(c.req.method === "HEAD" ? null : object.body, { status: 206, headers });
  }
  headers.set("Content-Length", String(object.size));
  return new Response(c.req.method === "HEAD" ? null : object.body, { status: 200, headers });
});

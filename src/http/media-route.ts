import { Hono, type Context } from "hono";
import { chatFileServed, isChatFileKey } from "../domain/chats/served-file";
import { DomainError } from "../domain/errors";
import { recordPlay } from "../domain/videos/record-play";
import type { AppEnv } from "../env";
import { isStorableKey } from "../infra/media-store";
import { ctxOf } from "./context";
import { clientInfo, getViewer } from "./credentials";
import { log } from "../infra/log";

const NOT_FOUND = { detail: "Not found." };

/**
 * User media is served from the API's own origin, so a file that is both an image and
 * something else (a JPEG that is also HTML, a GIF that is also script) must never be run
 * as a page or script of this origin: browsers may not sniff it, and if it is opened
 * as a document it is sandboxed with nothing allowed.
 */
const MEDIA_SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
} as const;

/** Content types a browser may show inline: raster images and video. SVG is a document that can hold script. */
const isInlineType = (type: string) => /^(image\/(?!svg)|video\/|audio\/)/i.test(type);

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

/** Whether a range from parseRange selects at least one byte of an object of `size` bytes. */
function satisfiable(range: R2Range, size: number) {
  if ("suffix" in range) return range.suffix > 0 && size > 0;
  return (range.offset ?? 0) < size;
}

const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** `*` or a list of entity tags (RFC 9110 §8.8.3); R2 throws on some malformed ones instead of ignoring them. */
const isEntityTagList = (value: string) =>
  value.trim() === "*" || value.split(",").every((t) => !t.trim() || ENTITY_TAG.test(t.trim()));

/**
 * The request's validators as R2 should see them. A malformed If-None-Match matches no
 * tag, so it is dropped (the object is served); a malformed If-Match matches no tag
 * either, so the precondition has failed (`null`: answer 412). An unparsable date is dropped.
 */
function preconditions(request: Headers): Headers | null {
  const onlyIf = new Headers();
  for (const name of ["If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"]) {
    const value = request.get(name);
    if (value === null) continue;
    if (name === "If-Match" && !isEntityTagList(value)) return null;
    if (name === "If-None-Match" && !isEntityTagList(value)) continue;
    // RFC 9110 §13.1.3–4: a date that does not parse is ignored, not a failed precondition.
    if (name.endsWith("-Since") && Number.isNaN(Date.parse(value))) continue;
    onlyIf.set(name, value);
  }
  return onlyIf;
}

function mediaHeaders(object: R2Object): Headers {
  const headers = new Headers(MEDIA_SECURITY_HEADERS);
  object.writeHttpMetadata(headers);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/octet-stream");
  if (!isInlineType(headers.get("Content-Type")!)) headers.set("Content-Disposition", "attachment");
  headers.set("ETag", object.httpEtag);
  headers.set("Last-Modified", object.uploaded.toUTCString());
  headers.set("Accept-Ranges", "bytes");
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "public, max-age=31536000, immutable");
  return headers;
}

/** Uploaded reels and videos (media-store keys of kind `video`). */
const VIDEO_KEY = /^u\/\d+\/video\//;

/** A play is a request for the start of the video: the whole of it, or a range from byte 0. */
const isPlayStart = (key: string, range: R2Range | undefined) =>
  VIDEO_KEY.test(key) && (!range || ("offset" in range && !range.offset));

/** Counted after the response: by the signed-in user, else by the client's address. */
function countPlay(c: Context<AppEnv>, key: string) {
  c.var.deps.defer(
    (async () => {
      const viewer = await getViewer(c);
      await recordPlay(ctxOf(c), {
        videoKey: key,
        viewer: viewer ? `u${viewer.user.id}` : `ip${clientInfo(c).ip}`,
      });
    })(),
  );
}

/** R2 answers a failed precondition with the object's metadata and no body. */
const hasBody = (object: R2Object | R2ObjectBody): object is R2ObjectBody => "body" in object;

const R2_INVALID_OBJECT_NAME = "(10020)";

function storageFailure(key: string, err: unknown): never {
  log("error", "media storage failed", { key: key.slice(0, 200), error: String(err) });
  throw new DomainError("UNAVAILABLE", "media");
}

/**
 * `/media/{key}` straight from R2 with validators and ranges: ETag/Last-Modified,
 * conditional GET (304), `Range` (206/416) and long-lived caching (keys never change).
 */
export const mediaRoute = new Hono<AppEnv>().on(["GET", "HEAD"], "/media/:key{.+}", async (c) => {
  const key = c.req.param("key");
  const notFound = () => c.json(NOT_FOUND, 404, MEDIA_SECURITY_HEADERS);
  if (!isStorableKey(key)) return notFound();
  const chatFile = isChatFileKey(key);
  if (chatFile && !(await chatFileServed(c.var.deps, key))) return notFound();
  const bucket = c.env.MEDIA;
  const range = parseRange(c.req.header("Range"));
  const onlyIf = preconditions(c.req.raw.headers);
  const conditional = onlyIf?.has("If-None-Match") || onlyIf?.has("If-Modified-Since");
  let object: R2Object | R2ObjectBody | null;
  try {
    object = onlyIf ? await bucket.get(key, { range, onlyIf }) : await bucket.head(key);
  } catch (err) {
    // A range past the end makes R2 throw; so can anything else, which the object's size tells apart.
    let head: R2Object | null;
    try {
      head = await bucket.head(key);
    } catch (headErr) {
      if (String(headErr).includes(R2_INVALID_OBJECT_NAME)) return notFound();
      return storageFailure(key, headErr);
    }
    if (!head) return notFound();
    if (range && !satisfiable(range, head.size)) {
      const headers = new Headers(MEDIA_SECURITY_HEADERS);
      headers.set("Content-Range", `bytes */${head.size}`);
      return new Response(null, { status: 416, headers });
    }
    return storageFailure(key, err);
  }
  if (!object) return notFound();

  const headers = mediaHeaders(object);
  // A chat file can be recalled or deleted with its chat: caches must ask again each time.
  if (chatFile) headers.set("Cache-Control", "private, no-cache");
  if (!onlyIf) return new Response(null, { status: 412, headers });
  if (!hasBody(object)) return new Response(null, { status: conditional ? 304 : 412, headers });
  const isHead = c.req.method === "HEAD";
  if (isHead) await object.body.cancel();
  const body = isHead ? null : object.body;
  if (!isHead && isPlayStart(key, range)) countPlay(c, key);
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

// Every byte limit of a request body, and where each is enforced.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "../env";

const MiB = 1024 * 1024;

/** JSON and urlencoded bodies, declared or streamed. */
export const MAX_BODY_BYTES = 1 * MiB;

/** The largest form upload any route takes (a 5 MB picture and its framing, with room to spare). */
export const MAX_UPLOAD_BYTES = 10 * MiB;

/** The original game's avatar rule: at most 3 MB. */
export const GAME_AVATAR_BYTES = 3 * MiB;
/** Multipart framing around a 3 MB file stays well under this; anything larger is refused unread. */
export const GAME_AVATAR_BODY_BYTES = GAME_AVATAR_BYTES + 64 * 1024;

/** Twimbol's pictures (profile_pic, post_banner): at most 5 MB (seed 004). */
export const TWIMBOL_IMAGE_BYTES = 5 * MiB;

/** R2 multipart: every part but the last holds at least 5 MiB. */
export const VIDEO_PART_MIN_BYTES = 5 * MiB;
/** One part is one request body: Workers take at most 100 MB on the Free and Pro plans, so a part stays well below. */
export const VIDEO_PART_MAX_BYTES = 64 * MiB;

const tooLarge = () => new DomainError("PAYLOAD_TOO_LARGE");
const refuse = (): never => {
  throw tooLarge();
};

const bodyCap = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: refuse });
/** A streamed upload has no length to check up front; it may be buffered only this far. */
const streamedUploadCap = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: refuse });

/**
 * Bodies are bounded before any route reads them. An upload with a declared length is
 * left to its route, which knows its own limit and how its API words the refusal.
 */
export const bodyLimits: MiddlewareHandler<AppEnv> = (c, next) => {
  const type = c.req.header("Content-Type") ?? "";
  const declared = c.req.raw.headers.has("Content-Length") && !c.req.raw.headers.has("Transfer-Encoding");
  // Raw bytes (a resumable upload's part) are read only by a route that streams them with storeStream,
  // which refuses a length past its own limit unread; every other route refuses the type unread (415).
  if (
    /^application\/octet-stream/i.test(type) &&
    declared &&
    Number(c.req.header("Content-Length")) <= VIDEO_PART_MAX_BYTES
  )
    return next();
  if (!/^multipart\/form-data/i.test(type)) return bodyCap(c, next);
  return declared ? next() : streamedUploadCap(c, next);
};

/**
 * `body` passed through unread and unbuffered, chunk by chunk, until it passes
 * `maxBytes`: then it errors with PAYLOAD_TOO_LARGE and the source is cancelled.
 */
export function limitStream(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) throw tooLarge();
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * Streams a body of `length` bytes (the declared Content-Length, or the size the upload
 * expects of this part) into `store` (an R2 `put` or `uploadPart`) without holding it in
 * memory. R2 takes a stream only when it knows its length, so the bytes go through a
 * FixedLengthStream. A length past `maxBytes` is refused before anything is read; a body
 * that runs past `length` fails the store with PAYLOAD_TOO_LARGE and one that ends short
 * of it with BAD_REQUEST, whatever error R2 gives for the broken stream. Any other failure
 * of the store (R2 down, refused, failing before it read the whole body) is rethrown as
 * it came: the client's body was not at fault. R2 keeps nothing of a write that failed.
 */
export async function storeStream<T>(
  body: ReadableStream<Uint8Array>,
  limits: { length: number; maxBytes: number },
  store: (stream: ReadableStream<Uint8Array>) => Promise<T>,
): Promise<T> {
  const { length, maxBytes } = limits;
  if (!Number.isSafeInteger(length) || length < 0) throw new DomainError("BAD_REQUEST", "malformed_body");
  if (length > maxBytes) throw tooLarge();
  let seen = 0;
  // A store that stops reading early also leaves `seen` short: only a source that closed was short.
  let sourceEnded = false;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > length) throw tooLarge();
      controller.enqueue(chunk);
    },
    flush() {
      sourceEnded = true;
    },
  });
  const sized = new FixedLengthStream(length);
  // A store that fails without reading would leave the pipe waiting on it for ever.
  const abandon = new AbortController();
  const piped = body
    .pipeThrough(counted)
    .pipeTo(sized.writable, { signal: abandon.signal })
    .catch(() => undefined);
  try {
    return await store(sized.readable);
  } catch (err) {
    abandon.abort();
    await piped;
    if (seen > length) throw tooLarge();
    if (sourceEnded && seen < length) throw new DomainError("BAD_REQUEST", "malformed_body");
    throw err;
  }
}

import { randomToken } from "./secrets";
import type { VideoContentType } from "../db/schema";
import type { AudioContentType } from "./audio-type";
import type { ImageContentType } from "./image-type";

/** R2 refuses longer keys (UTF-8 bytes) with an error, on reads as on writes. */
export const MAX_KEY_BYTES = 1024;

/** Whether R2 could hold `key` at all; a key it could not hold names nothing. */
export const isStorableKey = (key: string) =>
  key.length > 0 && new TextEncoder().encode(key).byteLength <= MAX_KEY_BYTES;

/**
 * The only content types media is stored under: each one the result of sniffing the
 * bytes, never a type the client declared. The media route serves what is stored.
 */
export type StoredContentType = ImageContentType | VideoContentType | AudioContentType | typeof OPAQUE_FILE;

/** Any other file (a chat's "file" attachment): served as bytes to download, never rendered. */
export const OPAQUE_FILE = "application/octet-stream";

const IMMUTABLE = "public, max-age=31536000, immutable";
/**
 * Chat attachments (kind `chat`) stop being served the moment their message is recalled or their
 * chat deleted, which the media route checks on every request: never served from the public
 * bucket (MEDIA_BASE_URL) nor cached as immutable.
 */
const REVOCABLE_KEY = /^u\/\d+\/chat\//;
const REVOCABLE = "private, no-cache";
const cacheControlOf = (key: string) => (REVOCABLE_KEY.test(key) ? REVOCABLE : IMMUTABLE);

export type MediaKind = "avatar" | "banner" | "post" | "video" | "thumbnail" | "chat";

export interface StoredMedia {
  key: string;
}

/** One R2 multipart upload, addressed by the object key it will create and R2's upload id. */
export interface MultipartRef {
  key: string;
  uploadId: string;
}

/** R2 no longer knows the multipart upload (its 10024): it was aborted or completed meanwhile. */
export class MultipartGone extends Error {
  constructor(cause: unknown) {
    super("the multipart upload does not exist", { cause });
    this.name = "MultipartGone";
  }
}

const isMultipartGone = (err: unknown) => String(err).includes("10024");

/** R2's call, with its "no such multipart upload" as a MultipartGone the domain can answer. */
async function onMultipart<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw isMultipartGone(err) ? new MultipartGone(err) : err;
  }
}

export interface MediaStore {
  /** A fresh key under the user's prefix, for a write that does not go through `put`. */
  newKey(userId: number, kind: MediaKind, ext: string): string;
  put(
    userId: number,
    kind: MediaKind,
    ext: string,
    body: ArrayBuffer | ReadableStream,
    contentType: StoredContentType,
  ): Promise<StoredMedia>;
  /** Stores under a key from `newKey`; a stream must be a FixedLengthStream (R2 needs the length). */
  putAt(
    key: string,
    body: ArrayBuffer | ReadableStream | Blob,
    contentType: StoredContentType,
  ): Promise<void>;
  /** One key, or up to 1000 in one call (R2's limit). */
  delete(key: string | string[]): Promise<void>;
  /** The first `length` bytes of an object (fewer if it is shorter), or null if there is none. */
  head(key: string, length: number): Promise<Uint8Array | null>;
  startMultipart(key: string, contentType: StoredContentType): Promise<MultipartRef>;
  /** Throws MultipartGone when R2 no longer has the upload, as `completeMultipart` does. */
  uploadPart(ref: MultipartRef, partNumber: number, body: ReadableStream): Promise<string>;
  completeMultipart(ref: MultipartRef, parts: { partNumber: number; etag: string }[]): Promise<void>;
  /** Aborting one R2 no longer knows (already aborted or completed) is not an error. */
  abortMultipart(ref: MultipartRef): Promise<void>;
  /** Public URL of a stored key: relative `/media/…` unless MEDIA_BASE_URL is set. */
  url(key: string | null | undefined): string | null;
}

export function r2MediaStore(bucket: R2Bucket, baseUrl: string | null): MediaStore {
  const newKey = (userId: number, kind: MediaKind, ext: string) =>
    `u/${userId}/${kind}/${randomToken(12)}.${ext}`;
  const resume = (ref: MultipartRef) => bucket.resumeMultipartUpload(ref.key, ref.uploadId);
  return {
    newKey,
    async put(userId, kind, ext, body, contentType) {
      const key = newKey(userId, kind, ext);
      await bucket.put(key, body, { httpMetadata: { contentType, cacheControl: cacheControlOf(key) } });
      return { key };
    },
    async putAt(key, body, contentType) {
      await bucket.put(key, body, { httpMetadata: { contentType, cacheControl: cacheControlOf(key) } });
    },
    async delete(key) {
      await bucket.delete(key);
    },
    async head(key, length) {
      const object = await bucket.get(key, { range: { offset: 0, length } });
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
    async startMultipart(key, contentType) {
      const upload = await bucket.createMultipartUpload(key, {
        httpMetadata: { contentType, cacheControl: cacheControlOf(key) },
      });
      return { key, uploadId: upload.uploadId };
    },
    async uploadPart(ref, partNumber, body) {
      return (await onMultipart(() => resume(ref).uploadPart(partNumber, body))).etag;
    },
    async completeMultipart(ref, parts) {
      await onMultipart(() => resume(ref).complete(parts));
    },
    async abortMultipart(ref) {
      try {
        await resume(ref).abort();
      } catch (err) {
        if (!isMultipartGone(err)) throw err;
      }
    },
    url(key) {
      if (!key) return null;
      return baseUrl && !REVOCABLE_KEY.test(key) ? `${baseUrl}/${key}` : `/media/${key}`;
    },
  };
}

import { randomToken } from "./secrets";
import type { ImageContentType } from "./image-type";

/** R2 refuses longer keys (UTF-8 bytes) with an error, on reads as on writes. */
export const MAX_KEY_BYTES = 1024;

/** Whether R2 could hold `key` at all; a key it could not hold names nothing. */
export const isStorableKey = (key: string) => key.length > 0 && new TextEncoder().encode(key).byteLength <= MAX_KEY_BYTES;

/**
 * The only content types media is stored under: each one the result of sniffing the
 * bytes, never a type the client declared. The media route serves what is stored.
 */
export type StoredContentType = ImageContentType;

export type MediaKind = "avatar" | "banner" | "post" | "video" | "thumbnail";

export interface StoredMedia {
  key: string;
}

export interface MediaStore {
  put(userId: number, kind: MediaKind, ext: string, body: ArrayBuffer | ReadableStream, contentType: StoredContentType): Promise<StoredMedia>;
  delete(key: string): Promise<void>;
  /** Public URL of a stored key: relative `/media/…` unless MEDIA_BASE_URL is set. */
  url(key: string | null | undefined): string | null;
}

export function r2MediaStore(bucket: R2Bucket, baseUrl: string | null): MediaStore {
  return {
    async put(userId, kind, ext, body, contentType) {
      const key = `u/${userId}/${kind}/${randomToken(12)}.${ext}`;
      await bucket.put(key, body, { httpMetadata: { contentType, cacheControl: "public, max-age=31536000, immutable" } });
      return { key };
    },
    async delete(key) {
      await bucket.delete(key);
    },
    url(key) {
      if (!key) return null;
      return baseUrl ? `${baseUrl}/${key}` : `/media/${key}`;
    },
  };
}

import { randomToken } from "./secrets";

export type MediaKind = "avatar" | "banner" | "post" | "video" | "thumbnail";

export interface StoredMedia {
  key: string;
}

export interface MediaStore {
  put(userId: number, kind: MediaKind, ext: string, body: ArrayBuffer | ReadableStream, contentType: string): Promise<StoredMedia>;
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

// A chat attachment stops being served the moment its message is recalled or its chat deleted
// (the media route checks it on every request), so it never goes out through the public bucket
// or as an immutable copy that caches would keep.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { r2MediaStore } from "../../src/infra/media-store";

const CDN = "https://cdn.example/media";

describe("r2MediaStore with a public bucket (MEDIA_BASE_URL)", () => {
  const store = r2MediaStore(env.MEDIA, CDN);

  it("links public kinds to the public bucket, stored immutable", async () => {
    const { key } = await store.put(7, "post", "jpg", new Uint8Array([1, 2, 3]).buffer, "image/jpeg");
    expect(store.url(key)).toBe(`${CDN}/${key}`);
    const object = await env.MEDIA.head(key);
    expect(object?.httpMetadata?.cacheControl).toBe("public, max-age=31536000, immutable");
  });

  it("links chat attachments through the Worker's /media/ route, stored private and revalidated", async () => {
    const { key } = await store.put(
      7,
      "chat",
      "bin",
      new Uint8Array([1, 2, 3]).buffer,
      "application/octet-stream",
    );
    expect(store.url(key)).toBe(`/media/${key}`);
    const object = await env.MEDIA.head(key);
    expect(object?.httpMetadata?.cacheControl).toBe("private, no-cache");
  });
});

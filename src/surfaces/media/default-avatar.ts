// MediaCMS's default avatar, /media/userlogos/user.jpg (seed 000's thumbnail_url for a user with none).
// Served by the Worker: public/ is built by scripts/docs-assets.mjs and gitignored, and R2 holds user uploads only.
import { Hono } from "hono";
import type { AppEnv } from "../../env";

export const DEFAULT_AVATAR_PATH = "/media/userlogos/user.jpg";

/** A 64×64 grey silhouette, 489 bytes of baseline JPEG. */
const AVATAR_JPEG = Uint8Array.from(
  atob(
    "/9j/2wBDAA0NDQ0ODQ4QEA4UFhMWFB4bGRkbHi0gIiAiIC1EKjIqKjIqRDxJOzc7STxsVUtLVWx9aWNpfZeHh5e+tb75+f//2wBDAQ0NDQ0ODQ4QEA4UFhMWFB4bGRkbHi0gIiAiIC1EKjIqKjIqRDxJOzc7STxsVUtLVWx9aWNpfZeHh5e+tb75+f//wgARCABAAEADASIAAhEBAxEB/8QAGAABAQEBAQAAAAAAAAAAAAAAAAUEAQb/xAAUAQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIQAxAAAAD14DmAoJ9AAAnxbUUWotooAAT+4DdQg7zeBNpQDIACxSgXz//EACUQAAIBAgYCAgMAAAAAAAAAAAECAwQFABARIDFxEkIUoSEwMv/aAAgBAQABPwD9clwiQ6IpbEdwiY6OpXdcJCkSoPY52+QvEyH1O24Rl4lcD+Tnb4ykTOfY7pLfE51RimI7fEh1di26avjQlUHkfrDV9QeGA6GFr6gcsD2MQ18bkK48T9bK+cqBEp55620E5YGJj+Rx1nXa/JfobaHX5KdHL//EABQRAQAAAAAAAAAAAAAAAAAAAED/2gAIAQIBAT8AB//EABQRAQAAAAAAAAAAAAAAAAAAAED/2gAIAQMBAT8AB//Z",
  ),
  (ch) => ch.charCodeAt(0),
);

const HEADERS = {
  "Content-Type": "image/jpeg",
  "Content-Length": String(AVATAR_JPEG.byteLength),
  // Not immutable like uploads: a deployment may change the picture behind the same path.
  "Cache-Control": "public, max-age=86400",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
} as const;

export const defaultAvatarRoute = new Hono<AppEnv>().on(
  ["GET", "HEAD"],
  DEFAULT_AVATAR_PATH,
  (c) => new Response(c.req.method === "HEAD" ? null : AVATAR_JPEG, { status: 200, headers: HEADERS }),
);

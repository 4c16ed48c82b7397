// mediacms-io/mediacms files/views/media.py MediaList: GET /api/v1/media?author=<username>, where every user's `media_info.user_media` points.
import { Hono } from "hono";
import * as z from "zod";
import { listAuthorMedia } from "../../domain/media/author-media";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { getViewer } from "../../http/credentials";
import { drfError } from "../shared/drf-error-schemas";
import { mediaCmsPageBody, pageRequestOf } from "../shared/pagination";
import { route } from "./declare";
import { mediaListSchema, toMediaItem } from "./media-serializers";

/** MediaCMS's pagination class: 50 a page, and the client may not choose the size. */
const PAGE_RULE = { default: 50, sizeParam: null } as const;

const mediaQuery = z.object({ author: z.string().optional(), page: z.string().optional() });

export const mediaRoutes = new Hono<AppEnv>();

mediaRoutes.get(
  "/api/v1/media",
  route({
    summary: "One user's media (posts, reels, videos), newest first, 50 a page, at most 1000; `author` is required here",
    query: mediaQuery,
    responses: {
      200: { description: "A page of media", schema: mediaListSchema },
      400: drfError("author is required"),
      404: drfError("No User matches the given query. / Invalid page."),
    },
  }),
  async (c) => {
    await getViewer(c);
    const url = new URL(c.req.url);
    const author = (url.searchParams.getAll("author").at(-1) ?? "").trim();
    // The whole-site listing (no author) is not served: it has no bounded order over every post.
    if (!author) return c.json({ detail: "author is required" }, 400);
    const { author: who, page } = await listAuthorMedia(ctxOf(c), { username: author, page: pageRequestOf(url, PAGE_RULE) });
    return c.json({ ...mediaCmsPageBody(page, c.req.url, (row) => toMediaItem(row, who, c.var.deps.media, url.origin)), tags: "" });
  },
);

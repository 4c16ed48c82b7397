// mediacms-io/mediacms files/views/media.py MediaList (GET /api/v1/media?author=<username>, where every user's `media_info.user_media` points) and MediaDetail.
import { Hono } from "hono";
import * as z from "zod";
import { listAuthorMedia } from "../../../domain/media/author-media";
import { getMediaItem } from "../../../domain/media/media-item";
import { listSiteMedia } from "../../../domain/media/site-media";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { drfError } from "../../shared/drf-error-schemas";
import { mediaCmsPageBody, pageRequestOf } from "../../shared/pagination";
import { route } from "../declare";
import { mediaDetailSchema, mediaListSchema, toMediaDetail, toMediaItem } from "./serializers";

/** MediaCMS's pagination class: 50 a page, and the client may not choose the size. */
const PAGE_RULE = { default: 50, sizeParam: null } as const;

const mediaQuery = z.object({ author: z.string().optional(), page: z.string().optional() });

export const mediaRoutes = new Hono<AppEnv>();

mediaRoutes.get(
  "/api/v1/media",
  route({
    d1Session: "first-unconstrained",
    summary:
      "The site's media, or with `author` one user's (posts, reels, videos), newest first, 50 a page, at most 1000",
    auth: "optional",
    query: mediaQuery,
    responses: {
      200: { description: "A page of media", schema: mediaListSchema },
      404: drfError("No User matches the given query. / Invalid page."),
    },
  }),
  async (c) => {
    const url = new URL(c.req.url);
    const author = (url.searchParams.getAll("author").at(-1) ?? "").trim();
    if (!author) {
      const site = await listSiteMedia(ctxOf(c), pageRequestOf(url, PAGE_RULE));
      return c.json({
        ...mediaCmsPageBody(site, c.req.url, ({ post, author: who }) =>
          toMediaItem(post, who, presenterOf(c)),
        ),
        tags: "",
      });
    }
    const { author: who, page } = await listAuthorMedia(ctxOf(c), {
      username: author,
      page: pageRequestOf(url, PAGE_RULE),
    });
    return c.json({
      ...mediaCmsPageBody(page, c.req.url, (row) => toMediaItem(row, who, presenterOf(c))),
      tags: "",
    });
  },
);

/** A friendly token here is the post's id; anything else names no media (and never reaches SQL as a float or a huge number). */
const postIdOf = (token: string) => (/^[1-9]\d{0,15}$/.test(token) ? Number(token) : 0);

mediaRoutes.get(
  "/api/v1/media/:friendly_token",
  route({
    d1Session: "first-unconstrained",
    summary:
      "One post, reel or video (MediaCMS's media detail); missing, hidden or across a block: 400 media file does not exist, as MediaCMS answers",
    auth: "optional",
    responses: {
      200: { description: "The media item", schema: mediaDetailSchema },
      400: drfError("media file does not exist"),
    },
  }),
  async (c) => {
    const { post, author } = await getMediaItem(ctxOf(c), postIdOf(c.req.param("friendly_token")));
    return c.json(toMediaDetail(post, author, presenterOf(c)));
  },
);

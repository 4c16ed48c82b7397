// seed 004 §5 Reels (and §13's long-form videos, the same shape).
import { Hono } from "hono";
import { listReels, type ReelKind } from "../../../domain/posts/reel-queries";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { drfPageBody, pageRequestOf } from "../../shared/pagination";
import { route } from "../declare";
import { drfError } from "../error-schemas";
import { reelListQuery, reelPageBody } from "./wire";
import { toReelItem } from "./serializers";

/** The original's ReelsPagination. */
const PAGE_RULE = { default: 30, max: 100 };

export const reelRoutes = new Hono<AppEnv>();

const LISTS: Record<ReelKind, { path: string; summary: string }> = {
  reels: { path: "/api/reels/", summary: "Reels (`reel` and `youtube_reel`)" },
  videos: { path: "/api/videos/", summary: "Long-form videos (`video` and `youtube_video`)" },
};

for (const [kind, { path, summary }] of Object.entries(LISTS) as [ReelKind, (typeof LISTS)[ReelKind]][]) {
  reelRoutes.get(
    path,
    route({
      d1Session: "first-unconstrained",
      summary: `${summary}, newest first; a signed-in viewer's hidden, reported and blocked-either-way items left out`,
      auth: "optional",
      query: reelListQuery,
      responses: {
        200: { description: `A page of ${kind}`, schema: reelPageBody },
        404: drfError("Invalid page."),
      },
    }),
    async (c) => {
      const page = await listReels(ctxOf(c), kind, pageRequestOf(c.req.url, PAGE_RULE));
      return c.json(drfPageBody(page, c.req.url, (item) => toReelItem(item, presenterOf(c))));
    },
  );
}

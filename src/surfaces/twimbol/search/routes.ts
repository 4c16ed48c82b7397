// seed 004 §11 Search.
import { Hono } from "hono";
import { searchReels } from "../../../domain/posts/search-reels";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { route } from "../declare";
import { drfError, drfFieldErrors } from "../error-schemas";
import { searchBody, searchQuery } from "../reels/wire";
import { toSearchResult } from "./serializers";

export const searchRoutes = new Hono<AppEnv>();

searchRoutes.get(
  "/api/search/",
  route({
    d1Session: "first-unconstrained",
    summary:
      "Reels whose title, description or creator's username contains `query` (case-insensitive), at most 50: priority (1 title, 2 post type `reel`, 3 username, 4 description), then trending score (2 × likes + views), then newest",
    auth: "optional",
    query: searchQuery,
    responses: {
      200: { description: "The query and its results", schema: searchBody },
      400: drfError("`query` missing, blank or too long", drfFieldErrors),
    },
  }),
  async (c) => {
    const found = await searchReels(ctxOf(c), { query: c.req.valid("query").query });
    return c.json({
      query: found.query,
      results: found.hits.map((hit) => toSearchResult(hit, presenterOf(c))),
    });
  },
);

// seed 004 §5, §11: the reels/videos and search requests and answers, checked against their serializers by the compiler.
import * as z from "zod";
import { POST_TYPES } from "../../../domain/posts/post-rules";
import { bodyOf } from "../../../http/openapi";
import { searchText, text } from "../../shared/text";
import type { toReelItem } from "./serializers";
import { drfPageOf, profileItemBody } from "../response-schemas";
import type { toSearchResult } from "../search/serializers";

export const reelListQuery = z.object({
  page: text().optional().describe("Page number, or `last`"),
  page_size: text().optional().describe("Results per page (default 30, capped at 100)"),
});

/** Blank is refused by the verb, with the same "This field is required." as a missing one. */
export const searchQuery = z.object({
  query: searchText().describe(
    "Search term: a substring of the title, the description or the creator's username",
  ),
});

export const reelItemBody = bodyOf<ReturnType<typeof toReelItem>>()(
  z.object({
    title: z.string(),
    video_url: z.string().nullable(),
    created_at: z.iso.datetime(),
    post: z.number().int(),
    reel_description: z.string(),
    thumbnail_url: z.string().nullable(),
    view_count: z.number().int(),
    like_count: z.number().int(),
    comments: z.number().int(),
    created_by: z.number().int(),
    user_profile: profileItemBody,
    liked_by_user: z.boolean(),
    hidden_by_user: z.boolean(),
    reported_by_user: z.boolean(),
  }),
);
export const reelPageBody = drfPageOf(reelItemBody);

export const searchResultBody = bodyOf<ReturnType<typeof toSearchResult>>()(
  z.object({
    id: z.number().int(),
    post_title: z.string(),
    post_type: z.enum(POST_TYPES),
    post_description: z.string(),
    post_banner: z.string(),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    priority: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    trending_score: z.number().int(),
    reels_data: reelItemBody,
    user_profile: profileItemBody,
    username: z.object({ username: z.string() }),
  }),
);
export const searchBody = z.object({ query: z.string(), results: z.array(searchResultBody) });

// MediaCMS's whole-site media list (GET /api/v1/media without `author`): every visible post, reel and video, newest first.
import { desc, inArray } from "drizzle-orm";
import { anyPostType, posts, users } from "../../db/schema";
import type { Ctx } from "../context";
import { invalidPage } from "../errors";
import { totalPagesOf, type Page, type PageRequest } from "../lists/page";
import { POST_TYPES } from "../posts/post-rules";
import { readFeedPage } from "../posts/queries";
import { MEDIA_LIST_CAP } from "./author-media";
import { mediaAuthorColumns, withName, type MediaPostRow } from "./media-item";

const readSite = (ctx: Ctx, page: PageRequest) =>
  readFeedPage(ctx, {
    types: POST_TYPES,
    // Written as the index's WHERE, so the rows come in order from posts_listed_created_idx; the count is the kept per-type totals.
    filter: anyPostType,
    order: [desc(posts.createdAt), desc(posts.id)],
    page,
  });

/**
 * One page of the site's media for the viewer (their hides, reports and blocks left out), with
 * each item's author. As the original slices the list to its first MEDIA_LIST_CAP, the count
 * and the pages stop there; the depth is bounded by the feeds' page rule besides.
 */
export async function listSiteMedia(ctx: Ctx, request: PageRequest) {
  let page: Page<MediaPostRow> = await readSite(ctx, request);
  const count = Math.min(page.count, MEDIA_LIST_CAP);
  const totalPages = totalPagesOf(count, page.pageSize);
  if (page.page > totalPages) {
    // `page=last` of a list longer than the cap means the cap's last page.
    if (request.page !== "last") throw invalidPage();
    page = await readSite(ctx, { ...request, page: totalPages });
  }
  const ids = [...new Set(page.rows.map((p) => p.createdBy))];
  const authors = ids.length
    ? await ctx.deps.db.select(mediaAuthorColumns()).from(users).where(inArray(users.id, ids))
    : [];
  const byId = new Map(authors.map((a) => [a.id, withName(a)]));
  const rows = page.rows.map((post) => ({ post, author: byId.get(post.createdBy)! }));
  return { ...page, rows, count, totalPages };
}

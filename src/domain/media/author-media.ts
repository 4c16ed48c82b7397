// MediaCMS's media list by author (GET /api/v1/media?author=<username>): a user's posts, reels and videos.
import { and, desc, eq, sql } from "drizzle-orm";
import { posts, users } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { pageOrThrow, readPage, type Page, type PageRequest } from "../lists/page";
import { feedExclusions, viewerIdOf } from "../posts/queries";
import { usernameKey } from "../users/username";
import { visibleAccount } from "../users/visible-account";
import { mediaAuthorColumns, withName } from "./media-item";

/** MediaCMS slices every media list to its first 1000 (`media[:1000]`): the count and the pages stop there too, which also bounds the count. */
export const MEDIA_LIST_CAP = 1000;

export interface AuthorMediaQuery {
  username: string;
  page: PageRequest;
}

/**
 * One visible account's media, newest first, for the viewer (what they hid or reported, or
 * anything across a block, is left out), with the author's public card. The author, then
 * the capped count and the page in one batch.
 */
export async function listAuthorMedia(ctx: Ctx, query: AuthorMediaQuery) {
  const { db } = ctx.deps;
  const author = await db
    .select(mediaAuthorColumns())
    .from(users)
    .where(and(eq(users.usernameKey, usernameKey(query.username)), visibleAccount()))
    .get();
  if (!author) throw new DomainError("NOT_FOUND", "media_author");
  const where = and(eq(posts.createdBy, author.id), feedExclusions(viewerIdOf(ctx)));
  const capped = db
    .select({ one: sql`1` })
    .from(posts)
    .where(where)
    .limit(MEDIA_LIST_CAP)
    .as("capped");
  const page: Page<typeof posts.$inferSelect> = pageOrThrow(
    await readPage(db, query.page, {
      count: db.select({ count: sql<number>`count(*)` }).from(capped),
      rows: ({ limit, offset }) =>
        db
          .select()
          .from(posts)
          .where(where)
          .orderBy(desc(posts.createdAt), desc(posts.id))
          .limit(Math.max(0, Math.min(limit, MEDIA_LIST_CAP - offset)))
          .offset(offset),
    }),
  );
  return { author: withName(author), page };
}

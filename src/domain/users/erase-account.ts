import { and, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { postLikes, posts, users, videoUploads } from "../../db/schema";
import { randomDigits } from "../../infra/secrets";
import { closeEndedSockets } from "../auth/sessions";
import { ownershipPassedOn } from "../chats/pass-ownership";
import { actorRenamed } from "../notifications/forget-actor";
import type { Deps } from "../deps";

export interface EraseOptions {
  /**
   * Written first in the erase's own batch (an audit row guarded on the account still
   * standing), so the record and the deletion happen together or not at all.
   */
  first?: BatchItem<"sqlite">;
  /** The erase happens only if this holds when the batch runs (e.g. "not an admin" for a manager). */
  onlyIf?: SQL;
}

/**
 * Internal to the domain: every deletion of an account (self-service, MediaCMS, the admin API
 * and panel) goes through here. One batch: the R2 keys of the account, its posts and its
 * uploads (unfinished multipart ones, and completed ones no reel or video took) are read, the
 * likes it gave are taken off other users' posts (their rows go by cascade, the counters would
 * not), and the user row is deleted; the foreign keys cascade to sessions, posts, likes, hides,
 * reports, comments, follows, blocks, notifications, codes, uploads and contact mails. Sockets,
 * R2 objects and multipart uploads go after the commit. Answers whether this call deleted it.
 */
export async function eraseAccount(deps: Deps, userId: number, { first, onlyIf }: EraseOptions = {}): Promise<boolean> {
  const { db } = deps;
  const statements = [
    db.select({ bannerKey: posts.bannerKey, videoKey: posts.videoKey, thumbnailKey: posts.thumbnailKey }).from(posts).where(eq(posts.createdBy, userId)),
    db
      .select({ objectKey: videoUploads.objectKey, r2UploadId: videoUploads.r2UploadId, completedAt: videoUploads.completedAt })
      .from(videoUploads)
      .where(eq(videoUploads.userId, userId)),
    db
      .update(posts)
      .set({ likeCount: sql`max(${posts.likeCount} - 1, 0)` })
      .where(and(inArray(posts.id, db.select({ id: postLikes.postId }).from(postLikes).where(eq(postLikes.userId, userId))), ne(posts.createdBy, userId), onlyIf)),
    // Other users' notifications about it stop naming it: the name is free to register again.
    actorRenamed(deps, userId, `deleted_${userId}_${randomDigits(8)}`, onlyIf),
    ownershipPassedOn(deps, userId, onlyIf),
    db.delete(users).where(and(eq(users.id, userId), onlyIf)).returning({ avatarKey: users.avatarKey, bannerKey: users.bannerKey }),
  ] as const;
  const results = first ? (await db.batch([first, ...statements])).slice(1) : await db.batch(statements);
  const [postKeys, uploads, , , , deleted] = results as [
    { bannerKey: string | null; videoKey: string | null; thumbnailKey: string | null }[],
    { objectKey: string; r2UploadId: string; completedAt: Date | null }[],
    unknown,
    unknown,
    unknown,
    { avatarKey: string | null; bannerKey: string | null }[],
  ];
  if (!deleted.length) return false;
  closeEndedSockets(deps, userId);
  const keys = [...deleted.flatMap((u) => [u.avatarKey, u.bannerKey]), ...postKeys.flatMap((p) => [p.bannerKey, p.videoKey, p.thumbnailKey])];
  for (const key of keys) if (key) deps.defer(deps.media.delete(key));
  for (const u of uploads) {
    deps.defer(u.completedAt ? deps.media.delete(u.objectKey) : deps.media.abortMultipart({ key: u.objectKey, uploadId: u.r2UploadId }));
  }
  return true;
}

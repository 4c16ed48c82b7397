import { eq } from "drizzle-orm";
import { posts } from "../../db/schema";
import { auditStatement } from "../admin/audit";
import type { Ctx } from "../context";
import { validationError, type FieldErrors } from "../errors";
import { requirePostEditor } from "./editor";
import { checkPostInput, storeBanner, type BannerUpload } from "./post-rules";
import { itemsOf, type PostItem } from "./queries";

export interface PostChanges {
  title?: string;
  description?: string;
  banner?: BannerUpload;
  titleField?: string;
}

/** A partial edit by the author or an admin (audited); a replaced banner leaves R2 after the response. */
export async function updatePost(
  ctx: Ctx,
  input: { postId: number; changes: PostChanges },
): Promise<PostItem> {
  const { post, viewer } = await requirePostEditor(ctx, input.postId);
  const { deps } = ctx;
  const { title, description, banner, titleField } = input.changes;
  const fields: FieldErrors = {};
  const image = await checkPostInput(fields, { title, titleField, banner });
  if (Object.keys(fields).length) throw validationError(fields);
  const patch: Partial<typeof posts.$inferInsert> = {};
  if (title !== undefined) patch.title = title;
  if (description !== undefined) patch.description = description;
  // The banner is stored under its author's prefix, whoever (an admin) replaces it.
  if (image) patch.bannerKey = await storeBanner(deps, post.createdBy, image);
  let updated = post;
  if (Object.keys(patch).length) {
    const update = deps.db.update(posts).set(patch).where(eq(posts.id, post.id)).returning();
    // Someone else's post (an admin's edit) is audited in the edit's own batch.
    const [rows] =
      viewer.user.id === post.createdBy
        ? [await update]
        : await deps.db.batch([
            update,
            auditStatement(deps, viewer, undefined, {
              action: "post.edit",
              objectType: "post",
              objectId: post.id,
              detail: { fields: Object.keys(patch), author: post.createdBy },
              onlyIf: { from: posts, where: eq(posts.id, post.id) },
            }),
          ]);
    updated = rows[0] ?? post;
  }
  if (image && post.bannerKey && post.bannerKey !== updated.bannerKey)
    deps.defer(deps.media.delete(post.bannerKey));
  const [item] = await itemsOf(deps, viewer.user.id, [updated]);
  return item!;
}

import { posts, type PostType } from "../../db/schema";
import type { Ctx } from "../context";
import { validationError, type FieldErrors } from "../errors";
import { requireUser } from "../policy/ownership";
import { checkPostInput, storeBanner, type BannerUpload } from "./post-rules";
import type { PostItem } from "./queries";

export interface NewPost {
  title: string;
  description?: string;
  banner?: BannerUpload;
  /** Each field as the calling API names it. */
  titleField?: string;
}

/** A post by the caller; everything is checked before the banner is stored or the row written. */
export async function createPost(ctx: Ctx, input: NewPost, postType: PostType = "post"): Promise<PostItem> {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const fields: FieldErrors = {};
  const image = await checkPostInput(fields, {
    title: input.title,
    titleField: input.titleField,
    banner: input.banner,
  });
  if (Object.keys(fields).length) throw validationError(fields);
  const bannerKey = image ? await storeBanner(deps, viewer.user.id, image) : null;
  const post = (await deps.db
    .insert(posts)
    .values({
      postType,
      title: input.title,
      description: input.description ?? "",
      bannerKey,
      createdBy: viewer.user.id,
      createdAt: deps.clock.now(),
    })
    .returning()
    .get())!;
  // A new post has no likes, hides or comments, and its author is the caller: nothing more to read.
  return {
    post,
    author: { user: viewer.user, groups: viewer.groups, followed: false, blocked: false },
    comments: [],
    flags: { liked: false, hidden: false, reported: false },
  };
}

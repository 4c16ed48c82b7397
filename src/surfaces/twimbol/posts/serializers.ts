// seed 004 §4: a post item, as the feed, the detail and a create answer it.
import type { PostAuthor, PostItem } from "../../../domain/posts/queries";
import type { Presenter } from "../../../http/presenter";
import { toPublicProfileItem } from "../profile/serializers";

/** The Post model's `default='img/posts/post_banner_default.jpg'`, under MEDIA_URL. */
export const DEFAULT_POST_BANNER = "/media/img/posts/post_banner_default.jpg";

/** The author as one item of `GET /user/api/profile/`, its private fields empty, with what the viewer is to them. */
export const toAuthorProfile = (author: PostAuthor, p: Presenter) =>
  toPublicProfileItem(author.user, author.groups, p, { followed: author.followed, blocked: author.blocked });

export const toPostItem = (item: PostItem, p: Presenter) => ({
  id: item.post.id,
  post_type: item.post.postType,
  post_title: item.post.title,
  post_description: item.post.description,
  created_at: item.post.createdAt.toISOString(),
  like_count: item.post.likeCount,
  post_banner: p.media(item.post.bannerKey) ?? DEFAULT_POST_BANNER,
  created_by: item.post.createdBy,
  user_profile: toAuthorProfile(item.author, p),
  username: { username: item.author.user.username },
  comments: item.comments.map((comment) => ({ comment })),
  liked_by_user: item.flags.liked,
  hidden_by_user: item.flags.hidden,
  reported_by_user: item.flags.reported,
});

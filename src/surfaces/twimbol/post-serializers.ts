// seed 004 §4: a post item, as the feed, the detail and a create answer it.
import type { PostItem } from "../../domain/posts/queries";
import type { MediaStore } from "../../infra/media-store";
import { toProfileItem } from "./serializers";

/** The Post model's `default='img/posts/post_banner_default.jpg'`, under MEDIA_URL. */
export const DEFAULT_POST_BANNER = "/media/img/posts/post_banner_default.jpg";

export const toPostItem = (item: PostItem, media: MediaStore) => ({
  id: item.post.id,
  post_type: item.post.postType,
  post_title: item.post.title,
  post_description: item.post.description,
  created_at: item.post.createdAt.toISOString(),
  like_count: item.post.likeCount,
  post_banner: media.url(item.post.bannerKey) ?? DEFAULT_POST_BANNER,
  created_by: item.post.createdBy,
  user_profile: toProfileItem(item.author.user, item.author.groups, media, { followed: item.author.followed, blocked: item.author.blocked }),
  username: { username: item.author.user.username },
  comments: item.comments.map((comment) => ({ comment })),
  liked_by_user: item.flags.liked,
  hidden_by_user: item.flags.hidden,
  reported_by_user: item.flags.reported,
});

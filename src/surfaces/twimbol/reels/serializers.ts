// seed 004 §5: a reel (or video) item, as the reels and videos pages and a search result's `reels_data` show it.
import type { ReelItem } from "../../../domain/posts/reel-queries";
import type { Presenter } from "../../../http/presenter";
import { toAuthorProfile } from "../posts/serializers";
import { thumbnailUrlOf, videoUrlOf } from "../videos/serializers";

export const toReelItem = (item: ReelItem, p: Presenter) => ({
  title: item.post.title,
  video_url: videoUrlOf(item.post, p),
  created_at: item.post.createdAt.toISOString(),
  post: item.post.id,
  reel_description: item.post.description,
  thumbnail_url: thumbnailUrlOf(item.post, p),
  view_count: item.post.viewCount,
  like_count: item.post.likeCount,
  comments: item.commentCount,
  created_by: item.post.createdBy,
  user_profile: toAuthorProfile(item.author, p),
  liked_by_user: item.flags.liked,
  hidden_by_user: item.flags.hidden,
  reported_by_user: item.flags.reported,
});

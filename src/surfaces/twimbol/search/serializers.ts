// seed 004 §11: one search result. Beside the documented fields, `post_banner` and `username`,
// which the original PostSearchSerializer also sent and the mobile app's search list reads.
import type { ReelSearchHit } from "../../../domain/posts/search-reels";
import type { Presenter } from "../../../http/presenter";
import { DEFAULT_POST_BANNER, toAuthorProfile } from "../posts/serializers";
import { toReelItem } from "../reels/serializers";

export const toSearchResult = (hit: ReelSearchHit, p: Presenter) => ({
  id: hit.post.id,
  post_title: hit.post.title,
  post_type: hit.post.postType,
  post_description: hit.post.description,
  post_banner: p.media(hit.post.bannerKey) ?? DEFAULT_POST_BANNER,
  created_by: hit.author.user.username,
  created_at: hit.post.createdAt.toISOString(),
  priority: hit.priority,
  trending_score: hit.trendingScore,
  reels_data: toReelItem(hit, p),
  user_profile: toAuthorProfile(hit.author, p),
  username: { username: hit.author.user.username },
});

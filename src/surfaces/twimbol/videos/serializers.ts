// seed 004 §5: what the create routes, the uploads and the dashboard answer.
import type { DashboardItem, PostRow } from "../../../domain/videos/dashboard";
import { partCountOf, type UploadState } from "../../../domain/videos/uploads";
import { youtubeUrlOf } from "../../../domain/videos/youtube";
import type { Presenter } from "../../../http/presenter";

const isReel = (post: Pick<PostRow, "postType">) =>
  post.postType === "reel" || post.postType === "youtube_reel";

/** The file under /media/ (Range-capable), or the YouTube page of a linked item. */
export const videoUrlOf = (post: PostRow, p: Presenter) =>
  p.media(post.videoKey) ?? (post.youtubeId ? youtubeUrlOf(post.youtubeId, isReel(post)) : null);

/** The uploaded thumbnail, else YouTube's own for a linked item. */
export const thumbnailUrlOf = (post: PostRow, p: Presenter) =>
  p.media(post.thumbnailKey) ??
  (post.youtubeId ? `https://i.ytimg.com/vi/${post.youtubeId}/hqdefault.jpg` : null);

export const toCreatedVideo = (post: PostRow, p: Presenter) => ({
  title: post.title,
  video_url: videoUrlOf(post, p),
  reel_description: post.description,
  thumbnail_url: thumbnailUrlOf(post, p),
  created_by: post.createdBy,
  post: post.id,
});

export const toDashboardItem = ({ post, commentCount }: DashboardItem, p: Presenter) => ({
  id: post.id,
  post_type: post.postType,
  post_title: post.title,
  post_description: post.description,
  created_at: post.createdAt.toISOString(),
  post_banner: p.media(post.bannerKey),
  video_url: videoUrlOf(post, p),
  thumbnail_url: thumbnailUrlOf(post, p),
  view_count: post.viewCount,
  like_count: post.likeCount,
  comment_count: commentCount,
});

export const toStartedUpload = ({ upload }: UploadState) => ({
  upload_id: upload.id,
  part_size: upload.partSize,
  parts: partCountOf(upload),
});

export const toUploadState = ({ upload, parts }: UploadState) => ({
  upload_id: upload.id,
  part_size: upload.partSize,
  size: upload.size,
  completed: upload.completedAt !== null,
  parts: parts.map((p) => ({ part_number: p.partNumber, etag: p.etag })),
});

export const toUploadedPart = (part: { partNumber: number; etag: string }) => ({
  part_number: part.partNumber,
  etag: part.etag,
});

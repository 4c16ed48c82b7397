// mediacms-io/mediacms files/serializers.py MediaSerializer: one media item of a list, from a post, reel or video.
import * as z from "zod";
import type { listAuthorMedia } from "../../domain/media/author-media";
import type { MediaStore } from "../../infra/media-store";
import { DEFAULT_AVATAR_PATH } from "../media/default-avatar";

type AuthorMedia = Awaited<ReturnType<typeof listAuthorMedia>>;
type Author = AuthorMedia["author"];
type Row = AuthorMedia["page"]["rows"][number];

export const mediaItemSchema = z.object({
  friendly_token: z.string(),
  url: z.string(),
  api_url: z.string(),
  user: z.string(),
  title: z.string(),
  description: z.string(),
  add_date: z.string(),
  views: z.number(),
  media_type: z.string(),
  state: z.string(),
  duration: z.number(),
  thumbnail_url: z.string().nullable(),
  is_reviewed: z.boolean(),
  preview_url: z.string().nullable(),
  author_name: z.string(),
  author_profile: z.string(),
  author_thumbnail: z.string(),
  encoding_status: z.string(),
  likes: z.number(),
  dislikes: z.number(),
  reported_times: z.number(),
  featured: z.boolean(),
  user_featured: z.boolean(),
  size: z.string().nullable(),
});

/** DRF's page as MediaCMS's MediaList answers it, with the `tags` of the page's media (none here). */
export const mediaListSchema = z.object({
  count: z.number(),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  results: z.array(mediaItemSchema),
  tags: z.string(),
});

const inPath = (username: string) => encodeURIComponent(username).replace(/%40/g, "@").replace(/%2B/g, "+");
const absolute = (origin: string, url: string | null) => (url === null ? null : new URL(url, origin).toString());

/** MediaCMS's media types: reels and videos play, a post is its image (or text). */
const MEDIA_TYPE = { post: "image", reel: "video", video: "video", youtube_reel: "video", youtube_video: "video" } as const;

export function toMediaItem(row: Row, author: Author, media: MediaStore, origin: string): z.output<typeof mediaItemSchema> {
  const token = String(row.id);
  const thumbnail = row.youtubeId ? `https://img.youtube.com/vi/${encodeURIComponent(row.youtubeId)}/hqdefault.jpg` : media.url(row.thumbnailKey ?? row.bannerKey);
  return {
    friendly_token: token,
    url: `${origin}/view?m=${token}`,
    api_url: `${origin}/api/v1/media/${token}`,
    user: author.username,
    title: row.title,
    description: row.description,
    add_date: row.createdAt.toISOString(),
    views: row.viewCount,
    media_type: MEDIA_TYPE[row.postType],
    state: "public",
    duration: 0,
    thumbnail_url: absolute(origin, thumbnail),
    is_reviewed: true,
    preview_url: null,
    author_name: author.name,
    author_profile: `${origin}/user/${inPath(author.username)}/`,
    author_thumbnail: absolute(origin, media.url(author.avatarKey) ?? DEFAULT_AVATAR_PATH)!,
    encoding_status: "success",
    likes: row.likeCount,
    dislikes: 0,
    // Reports are the moderators' business, not every reader's.
    reported_times: 0,
    featured: false,
    user_featured: author.isFeatured,
    size: null,
  };
}

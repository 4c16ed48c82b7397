// mediacms-io/mediacms files/serializers.py MediaSerializer: one media item of a list, from a post, reel or video.
import * as z from "zod";
import type { MediaPostRow } from "../../../domain/media/media-item";
import type { listAuthorMedia } from "../../../domain/media/author-media";
import type { Presenter } from "../../../http/presenter";
import { DEFAULT_AVATAR_PATH } from "../../media/default-avatar";

type AuthorMedia = Awaited<ReturnType<typeof listAuthorMedia>>;
type Author = AuthorMedia["author"];
type Row = MediaPostRow;

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
const absolute = (p: Presenter, url: string | null) => (url === null ? null : p.absolute(url));

/** MediaCMS's media types: reels and videos play, a post is its image (or text). */
const MEDIA_TYPE = {
  post: "image",
  reel: "video",
  video: "video",
  youtube_reel: "video",
  youtube_video: "video",
} as const;

const thumbnailOf = (row: Row, p: Presenter) =>
  row.youtubeId
    ? `https://img.youtube.com/vi/${encodeURIComponent(row.youtubeId)}/hqdefault.jpg`
    : p.media(row.thumbnailKey ?? row.bannerKey);

/**
 * MediaCMS's `url` is its HTML page (`/view?m=<token>`); this service serves no pages, so both
 * links lead to the media detail, which resolves.
 */
const detailUrl = (p: Presenter, row: Row) => `${p.origin}/api/v1/media/${row.id}`;

export function toMediaItem(row: Row, author: Author, p: Presenter): z.output<typeof mediaItemSchema> {
  const token = String(row.id);
  const thumbnail = thumbnailOf(row, p);
  return {
    friendly_token: token,
    url: detailUrl(p, row),
    api_url: detailUrl(p, row),
    user: author.username,
    title: row.title,
    description: row.description,
    add_date: row.createdAt.toISOString(),
    views: row.viewCount,
    media_type: MEDIA_TYPE[row.postType],
    state: "public",
    duration: 0,
    thumbnail_url: absolute(p, thumbnail),
    is_reviewed: true,
    preview_url: null,
    author_name: author.name,
    author_profile: `${p.origin}/user/${inPath(author.username)}/`,
    author_thumbnail: absolute(p, p.media(author.avatarKey) ?? DEFAULT_AVATAR_PATH)!,
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

/** files/serializers.py SingleMediaSerializer, with the fields a post, reel or video fills (no encodings, categories, subtitles). */
export const mediaDetailSchema = z.object({
  url: z.string(),
  user: z.string(),
  title: z.string(),
  description: z.string(),
  add_date: z.string(),
  media_type: z.string(),
  state: z.string(),
  is_shared: z.boolean(),
  duration: z.number(),
  thumbnail_url: z.string().nullable(),
  poster_url: z.string().nullable(),
  preview_url: z.string().nullable(),
  author_name: z.string(),
  author_profile: z.string(),
  author_thumbnail: z.string(),
  encodings_info: z.object({}),
  encoding_status: z.string(),
  views: z.number(),
  likes: z.number(),
  dislikes: z.number(),
  reported_times: z.number(),
  user_featured: z.boolean(),
  original_media_url: z.string().nullable(),
  size: z.string().nullable(),
  categories_info: z.array(z.never()),
  is_reviewed: z.boolean(),
  tags_info: z.array(z.never()),
  hls_info: z.object({}),
  subtitles_info: z.array(z.never()),
  related_media: z.array(z.never()),
});

export function toMediaDetail(row: Row, author: Author, p: Presenter): z.output<typeof mediaDetailSchema> {
  const item = toMediaItem(row, author, p);
  return {
    url: item.url,
    user: item.user,
    title: item.title,
    description: item.description,
    add_date: item.add_date,
    media_type: item.media_type,
    state: item.state,
    is_shared: false,
    duration: item.duration,
    thumbnail_url: item.thumbnail_url,
    poster_url: item.thumbnail_url,
    preview_url: item.preview_url,
    author_name: item.author_name,
    author_profile: item.author_profile,
    author_thumbnail: item.author_thumbnail,
    encodings_info: {},
    encoding_status: item.encoding_status,
    views: item.views,
    likes: item.likes,
    dislikes: item.dislikes,
    reported_times: item.reported_times,
    user_featured: item.user_featured,
    // The uploaded file (reels, videos) or the post's image; YouTube items have none here.
    original_media_url: absolute(
      p,
      p.media(row.videoKey ?? (row.postType === "post" ? row.bannerKey : null)),
    ),
    size: item.size,
    categories_info: [],
    is_reviewed: item.is_reviewed,
    tags_info: [],
    hls_info: {},
    subtitles_info: [],
    related_media: [],
  };
}

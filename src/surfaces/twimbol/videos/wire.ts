// seed 004 §5: request and response schemas of the create routes, uploads and dashboard.
import * as z from "zod";
import { POST_TYPES } from "../../../domain/posts/post-rules";
import { upload } from "../../../http/declared-body";
import { bodyOf } from "../../../http/openapi";
import { line, text } from "../../shared/text";
import { drfPageOf } from "../response-schemas";
import type {
  toCreatedVideo,
  toDashboardItem,
  toStartedUpload,
  toUploadedPart,
  toUploadState,
} from "./serializers";

/** Fields as a form or JSON gives them; which source is given is the domain's rule. */
export const videoCreateFields = z.object({
  title: line().optional(),
  description: text().optional(),
  upload_id: text().optional().describe("A completed resumable upload (instead of `video`)"),
  youtube_url: text()
    .optional()
    .describe("A YouTube link (instead of `video`): makes a youtube_reel / youtube_video"),
  youtube_id: text().optional().describe("A YouTube video id (instead of `video`)"),
});
export const videoCreateForm = videoCreateFields.extend({
  video: upload().describe("MP4, WebM or QuickTime file (at most 64 MiB; larger through /create/uploads/)"),
  thumbnail: upload().describe("Thumbnail image (≤ 5 MB)"),
});

export const uploadStartBody = z.object({
  filename: line(),
  content_type: text().describe("video/mp4, video/webm or video/quicktime"),
  size: z.number().int().describe("Bytes of the whole file (at most 2 GiB)"),
});

export const dashboardQuery = z.object({
  page: text().optional().describe("Page number, or `last`"),
  page_size: text().optional().describe("Results per page (default 10, capped at 100)"),
});

export const createdVideoBody = bodyOf<ReturnType<typeof toCreatedVideo>>()(
  z.object({
    title: z.string(),
    video_url: z.string().nullable(),
    reel_description: z.string(),
    thumbnail_url: z.string().nullable(),
    created_by: z.number().int(),
    post: z.number().int(),
  }),
);

export const dashboardItemBody = bodyOf<ReturnType<typeof toDashboardItem>>()(
  z.object({
    id: z.number().int(),
    post_type: z.enum(POST_TYPES),
    post_title: z.string(),
    post_description: z.string(),
    created_at: z.iso.datetime(),
    post_banner: z.string().nullable(),
    video_url: z.string().nullable(),
    thumbnail_url: z.string().nullable(),
    view_count: z.number().int(),
    like_count: z.number().int(),
    comment_count: z.number().int(),
  }),
);
export const dashboardPageBody = drfPageOf(dashboardItemBody);

export const startedUploadBody = bodyOf<ReturnType<typeof toStartedUpload>>()(
  z.object({
    upload_id: z.string(),
    part_size: z.number().int(),
    parts: z.number().int().describe("How many parts to send, numbered from 1"),
  }),
);
const partBody = z.object({ part_number: z.number().int(), etag: z.string() });
export const uploadedPartBody = bodyOf<ReturnType<typeof toUploadedPart>>()(partBody);
export const uploadStateBody = bodyOf<ReturnType<typeof toUploadState>>()(
  z.object({
    upload_id: z.string(),
    part_size: z.number().int(),
    size: z.number().int(),
    completed: z.boolean(),
    parts: z.array(partBody),
  }),
);

// seed 004 §5 Reels, §13 Post Types: uploading reels and videos, and the creator dashboard.
import { Hono } from "hono";
import type { ImagePolicy } from "../../../domain/media/image-upload";
import { createVideoPost, type VideoSource } from "../../../domain/videos/create-video-post";
import { listDashboard } from "../../../domain/videos/dashboard";
import { requireCreator } from "../../../domain/videos/uploader";
import type { AppEnv } from "../../../env";
import { TWIMBOL_IMAGE_BYTES, VIDEO_PART_MAX_BYTES } from "../../../http/body-limits";
import { ctxOf } from "../../../http/context";
import { presenterOf } from "../../../http/presenter";
import { drfPageBody, pageRequestOf } from "../../shared/pagination";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfDetail, drfError } from "../error-schemas";
import { createdVideoBody, dashboardPageBody, dashboardQuery, videoCreateForm } from "./wire";
import { toCreatedVideo, toDashboardItem } from "./serializers";
import * as z from "zod";

const THUMBNAIL_POLICY: ImagePolicy = {
  maxBytes: TWIMBOL_IMAGE_BYTES,
  extensions: ["jpg", "jpeg", "png", "gif", "webp"],
  types: ["jpeg", "png", "gif", "webp"],
};
/** A file sent whole is one request body, as a part is; larger files go through /create/uploads/. */
const DIRECT_FORM_BYTES = VIDEO_PART_MAX_BYTES + 1024 * 1024;
const PAGE_RULE = { default: 10, max: 100 };

const VIDEO_ERROR = z.object({ error: z.string() });
const BAD_REQUEST = drfError(
  'No video file provided (`{"error": …}`), a file that is not a video, an unfinished upload, or field errors',
  z.union([VIDEO_ERROR, drfBadRequest]),
);

function sourceOf(fields: z.output<typeof videoCreateForm>): VideoSource {
  if (fields.video) return { file: fields.video };
  if (fields.upload_id) return { uploadId: fields.upload_id };
  if (fields.youtube_url) return { youtube: fields.youtube_url, field: "youtube_url" };
  if (fields.youtube_id) return { youtube: fields.youtube_id, field: "youtube_id" };
  return null;
}

export const createRoutes = new Hono<AppEnv>();

const createRoute = (path: string, kind: "reel" | "video") =>
  createRoutes.post(
    path,
    route({
      summary: `Upload a ${kind} (creator or admin): a \`video\` file, an \`upload_id\` of a completed upload, or a YouTube link; the uploader is notified`,
      auth: true,
      guard: (ctx) => requireCreator(ctx, kind === "reel" ? "reel_uploader" : "video_uploader"),
      // Multipart up to the direct-upload limit, or JSON (an upload id or a YouTube link needs no file).
      form: videoCreateForm,
      formLimit: { bytes: DIRECT_FORM_BYTES },
      responses: {
        201: { description: `The ${kind}`, schema: createdVideoBody },
        400: BAD_REQUEST,
        401: DRF_UNAUTHENTICATED,
        403: drfError("Not a creator or an admin"),
        404: drfError("No such upload of the caller's"),
        413: drfError("A file larger than a direct upload takes"),
      },
    }),
    async (c) => {
      const fields = c.req.valid("form");
      const post = await createVideoPost(ctxOf(c), {
        kind,
        title: fields.title,
        description: fields.description,
        source: sourceOf(fields),
        thumbnail: fields.thumbnail
          ? { file: fields.thumbnail, field: "thumbnail", policy: THUMBNAIL_POLICY }
          : undefined,
      });
      return c.json(toCreatedVideo(post, presenterOf(c)), 201);
    },
  );

createRoute("/create/reel/", "reel");
createRoute("/create/video/", "video");

createRoutes.get(
  "/create/dashboard/",
  route({
    summary:
      "The caller's own posts, reels and videos with view, like and comment counts, newest first (creator or admin)",
    auth: true,
    guard: (ctx) => requireCreator(ctx, "creator_only"),
    query: dashboardQuery,
    responses: {
      200: { description: "A page of the caller's items", schema: dashboardPageBody },
      401: DRF_UNAUTHENTICATED,
      403: drfError("Not a creator or an admin", drfDetail),
      404: drfError("Invalid page."),
    },
  }),
  async (c) => {
    const page = await listDashboard(ctxOf(c), pageRequestOf(c.req.url, PAGE_RULE));
    return c.json(drfPageBody(page, c.req.url, (item) => toDashboardItem(item, presenterOf(c))));
  },
);

// seed 004 §5, §13: a reel or video from a file, a finished resumable upload, or a YouTube link.
import { eq } from "drizzle-orm";
import { posts, videoUploads, type PostRow, type PostType } from "../../db/schema";
import { sniffVideoType, VIDEO_EXTENSION, VIDEO_SNIFF_BYTES } from "../../infra/video-type";
import type { Ctx } from "../context";
import { addFieldError, DomainError, validationError, type FieldErrors } from "../errors";
import {
  checkImage,
  IMAGE_EXTENSION,
  type CheckedImage,
  type ImagePolicy,
  type Upload,
} from "../media/image-upload";
import { notificationOfNewPost } from "../notifications/notify";
import { POST_TITLE_MAX } from "../posts/post-rules";
import { isUniqueViolation } from "../users/unique-violation";
import { requireCreator } from "./uploader";
import { ownUpload } from "./uploads";
import { youtubeIdOf } from "./youtube";

/** A file as the form gave it: its bytes can be read in part and handed to R2 as they are. */
export type VideoFile = Blob & { name: string };

export type VideoSource =
  | { file: VideoFile }
  | { uploadId: string }
  | { youtube: string; field: string }
  | null;

export interface NewVideoPost {
  kind: "reel" | "video";
  title: string | undefined;
  description?: string;
  source: VideoSource;
  thumbnail?: { file: Upload; field: string; policy: ImagePolicy };
}

const REQUIRED = "This field is required.";

export async function createVideoPost(ctx: Ctx, input: NewVideoPost): Promise<PostRow> {
  const viewer = requireCreator(ctx, input.kind === "reel" ? "reel_uploader" : "video_uploader");
  const { deps } = ctx;
  const { source } = input;
  if (!source) throw new DomainError("BAD_REQUEST", "no_video");
  const fields: FieldErrors = {};
  const title = input.title ?? "";
  if (input.title === undefined) addFieldError(fields, "title", "required", REQUIRED);
  else if (!title.trim()) addFieldError(fields, "title", "blank", "This field may not be blank.");
  else if (title.length > POST_TITLE_MAX)
    addFieldError(
      fields,
      "title",
      "max_length",
      `Ensure this field has no more than ${POST_TITLE_MAX} characters.`,
      { max: POST_TITLE_MAX },
    );
  const youtubeId = "youtube" in source ? youtubeIdOf(source.youtube) : null;
  if ("youtube" in source && !youtubeId)
    addFieldError(fields, source.field, "invalid", "Enter a valid YouTube URL or video id.");
  let thumbnail: CheckedImage | undefined;
  if (input.thumbnail) {
    try {
      thumbnail = await checkImage(input.thumbnail.file, input.thumbnail.field, input.thumbnail.policy);
    } catch (err) {
      if (!(err instanceof DomainError && err.fields)) throw err;
      Object.assign(fields, err.fields);
    }
  }
  if (Object.keys(fields).length) throw validationError(fields);

  const userId = viewer.user.id;
  let videoKey: string | null = null;
  let uploadId: string | null = null;
  const stored: string[] = [];
  if ("file" in source) {
    const type = sniffVideoType(new Uint8Array(await source.file.slice(0, VIDEO_SNIFF_BYTES).arrayBuffer()));
    if (!type) throw new DomainError("BAD_REQUEST", "invalid_video");
    videoKey = deps.media.newKey(userId, "video", VIDEO_EXTENSION[type]);
    await deps.media.putAt(videoKey, source.file, type);
    stored.push(videoKey);
  } else if ("uploadId" in source) {
    const { upload } = await ownUpload(ctx, source.uploadId);
    if (!upload.completedAt) throw new DomainError("BAD_REQUEST", "upload_incomplete");
    const head = await deps.media.head(upload.objectKey, VIDEO_SNIFF_BYTES);
    // Stored under the type it declared: the bytes must be that type, so /media/ serves what they are.
    if (!head || sniffVideoType(head) !== upload.contentType)
      throw new DomainError("BAD_REQUEST", "invalid_video");
    videoKey = upload.objectKey;
    uploadId = upload.id;
  }
  const thumbnailKey = thumbnail
    ? (
        await deps.media.put(
          userId,
          "thumbnail",
          IMAGE_EXTENSION[thumbnail.type],
          thumbnail.bytes,
          thumbnail.contentType,
        )
      ).key
    : null;
  if (thumbnailKey) stored.push(thumbnailKey);

  const postType: PostType = youtubeId
    ? input.kind === "reel"
      ? "youtube_reel"
      : "youtube_video"
    : input.kind;
  const insert = deps.db
    .insert(posts)
    .values({
      postType,
      title,
      description: input.description ?? "",
      videoKey,
      thumbnailKey,
      youtubeId,
      createdBy: userId,
      createdAt: deps.clock.now(),
    })
    .returning();
  const notice = notificationOfNewPost(
    deps,
    userId,
    input.kind === "reel" ? "reel_uploaded" : "video_uploaded",
  );
  try {
    const [[post], recorded] = uploadId
      ? await deps.db.batch([
          insert,
          notice.statement,
          deps.db.delete(videoUploads).where(eq(videoUploads.id, uploadId)),
        ])
      : await deps.db.batch([insert, notice.statement]);
    notice.afterCommit(recorded);
    return post!;
  } catch (err) {
    // Not the upload's object: only a post that took it may remove it.
    for (const key of stored) deps.defer(deps.media.delete(key));
    // Two requests raced for one upload: the first took it.
    if (uploadId && isUniqueViolation(err)) throw new DomainError("NOT_FOUND", "upload");
    throw err;
  }
}

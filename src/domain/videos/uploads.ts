// seed 004 §5 (issue 11): resumable video uploads over R2 multipart, one part per request.
import { and, asc, eq, isNull, lt } from "drizzle-orm";
import {
  VIDEO_CONTENT_TYPES,
  videoUploadParts,
  videoUploads,
  type VideoContentType,
  type VideoUploadRow,
} from "../../db/schema";
import { guardedInsert } from "../../db/guarded-insert";
import { MultipartGone } from "../../infra/media-store";
import { randomToken } from "../../infra/secrets";
import { VIDEO_EXTENSION } from "../../infra/video-type";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { addFieldError, DomainError, validationError, type FieldErrors } from "../errors";
import { requireCreator } from "./uploader";
import { errorFields, log } from "../../infra/log";

const MiB = 1024 * 1024;
export const UPLOAD_LIMITS = {
  /** R2 needs every part but the last to hold at least 5 MiB. */
  minPartSize: 5 * MiB,
  /** Parts are chosen so that an upload has at most this many: its listing and `complete` stay small. */
  maxParts: 100,
  /** The largest video accepted: 100 parts of 20.48 MiB. */
  maxBytes: 2048 * MiB,
  /** Filenames are only kept for the creator's own reference. */
  maxFilename: 255,
  /** After this an unfinished (or finished but never used) upload is aborted. */
  ttlMs: 24 * 60 * 60 * 1000,
} as const;

export interface UploadPart {
  partNumber: number;
  etag: string;
}

export interface UploadState {
  upload: VideoUploadRow;
  /** The parts that arrived, by number. */
  parts: UploadPart[];
}

export const partCountOf = (u: Pick<VideoUploadRow, "size" | "partSize">) =>
  Math.max(1, Math.ceil(u.size / u.partSize));

/** Part n's exact size: part_size, except the last, which is what remains. */
export const partLengthOf = (u: Pick<VideoUploadRow, "size" | "partSize">, n: number) =>
  n < partCountOf(u) ? u.partSize : u.size - (partCountOf(u) - 1) * u.partSize;

/** Whole MiB, at least 5 MiB, so that the upload has at most maxParts parts. */
const partSizeFor = (size: number) =>
  Math.max(UPLOAD_LIMITS.minPartSize, Math.ceil(size / UPLOAD_LIMITS.maxParts / MiB) * MiB);

export interface NewUpload {
  filename: string;
  contentType: string;
  size: number;
}

export async function startUpload(ctx: Ctx, input: NewUpload): Promise<UploadState> {
  const viewer = requireCreator(ctx, "video_uploader");
  const fields: FieldErrors = {};
  const filename = input.filename.trim();
  if (!filename) addFieldError(fields, "filename", "blank", "This field may not be blank.");
  else if (filename.length > UPLOAD_LIMITS.maxFilename) {
    addFieldError(
      fields,
      "filename",
      "max_length",
      `Ensure this field has no more than ${UPLOAD_LIMITS.maxFilename} characters.`,
      { max: UPLOAD_LIMITS.maxFilename },
    );
  }
  const contentType = input.contentType.split(";")[0]!.trim().toLowerCase();
  if (!(VIDEO_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    addFieldError(fields, "content_type", "invalid_choice", `"${input.contentType}" is not a valid choice.`);
  }
  if (!Number.isSafeInteger(input.size) || input.size < 1)
    addFieldError(fields, "size", "invalid", "Ensure this value is greater than or equal to 1.");
  else if (input.size > UPLOAD_LIMITS.maxBytes)
    addFieldError(
      fields,
      "size",
      "invalid",
      `Ensure this value is less than or equal to ${UPLOAD_LIMITS.maxBytes}.`,
    );
  if (Object.keys(fields).length) throw validationError(fields);
  const { deps } = ctx;
  const type = contentType as VideoContentType;
  const key = deps.media.newKey(viewer.user.id, "video", VIDEO_EXTENSION[type]);
  const ref = await deps.media.startMultipart(key, type);
  const upload = (await deps.db
    .insert(videoUploads)
    .values({
      id: randomToken(16),
      userId: viewer.user.id,
      objectKey: key,
      r2UploadId: ref.uploadId,
      filename,
      contentType: type,
      size: input.size,
      partSize: partSizeFor(input.size),
      createdAt: deps.clock.now(),
    })
    .returning()
    .get())!;
  return { upload, parts: [] };
}

/** The caller's upload with its parts (one round trip); anyone else's is NOT_FOUND, as if it did not exist. */
export async function ownUpload(ctx: Ctx, uploadId: string): Promise<UploadState> {
  const viewer = requireCreator(ctx, "video_uploader");
  const { db } = ctx.deps;
  const [found, parts] = await db.batch([
    db
      .select()
      .from(videoUploads)
      .where(and(eq(videoUploads.id, uploadId), eq(videoUploads.userId, viewer.user.id))),
    db
      .select({ partNumber: videoUploadParts.partNumber, etag: videoUploadParts.etag })
      .from(videoUploadParts)
      .innerJoin(videoUploads, eq(videoUploads.id, videoUploadParts.uploadId))
      .where(and(eq(videoUploadParts.uploadId, uploadId), eq(videoUploads.userId, viewer.user.id)))
      .orderBy(asc(videoUploadParts.partNumber)),
  ]);
  const upload = found[0];
  if (!upload) throw new DomainError("NOT_FOUND", "upload");
  return { upload, parts };
}

export const getUpload = ownUpload;

/** Streams the request's bytes into R2 as one part: `length` is the size the part must have. */
export type PartBody = (
  length: number,
  store: (stream: ReadableStream<Uint8Array>) => Promise<string>,
) => Promise<string>;

export async function uploadPart(
  ctx: Ctx,
  input: { uploadId: string; partNumber: number; declaredLength: number | null; body: PartBody },
): Promise<UploadPart> {
  const { upload } = await ownUpload(ctx, input.uploadId);
  const n = input.partNumber;
  if (!Number.isSafeInteger(n) || n < 1 || n > partCountOf(upload))
    throw new DomainError("BAD_REQUEST", "part_number");
  if (upload.completedAt) throw new DomainError("BAD_REQUEST", "upload_complete");
  const length = partLengthOf(upload, n);
  if (input.declaredLength !== null && input.declaredLength !== length)
    throw new DomainError("BAD_REQUEST", "part_size");
  const ref = { key: upload.objectKey, uploadId: upload.r2UploadId };
  let etag: string;
  try {
    etag = await input.body(length, (stream) => ctx.deps.media.uploadPart(ref, n, stream));
  } catch (err) {
    // A body shorter or longer than the part must be is the size rule, whatever the stream said.
    if (err instanceof DomainError && (err.code === "PAYLOAD_TOO_LARGE" || err.reason === "malformed_body"))
      throw new DomainError("BAD_REQUEST", "part_size");
    if (err instanceof MultipartGone) throw await goneFromR2(ctx, input.uploadId);
    throw err;
  }
  // Sent again (a retry after a lost answer), the newer etag is the one R2 keeps. Only while
  // the upload row stands: an abort that finished meanwhile leaves nothing to add a part to.
  const [stored] = await guardedInsert(
    ctx.deps.db,
    videoUploadParts,
    { uploadId: videoUploads.id, partNumber: n, etag },
    { from: videoUploads, where: and(eq(videoUploads.id, upload.id), isNull(videoUploads.completedAt)) },
  )
    .onConflictDoUpdate({ target: [videoUploadParts.uploadId, videoUploadParts.partNumber], set: { etag } })
    .returning({ partNumber: videoUploadParts.partNumber });
  if (!stored) throw await goneFromR2(ctx, input.uploadId);
  return { partNumber: n, etag };
}

/**
 * Why R2 (or the row) no longer takes a part or a completion: a completion that won the race
 * makes it a finished upload, else an abort took it and it is gone, as any unknown upload.
 */
async function goneFromR2(ctx: Ctx, uploadId: string): Promise<DomainError> {
  try {
    const { upload } = await ownUpload(ctx, uploadId);
    return upload.completedAt
      ? new DomainError("BAD_REQUEST", "upload_complete")
      : new DomainError("NOT_FOUND", "upload");
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
}

export async function completeUpload(ctx: Ctx, uploadId: string): Promise<UploadState> {
  const state = await ownUpload(ctx, uploadId);
  const { upload, parts } = state;
  if (upload.completedAt) return state;
  if (parts.length !== partCountOf(upload)) throw new DomainError("BAD_REQUEST", "upload_incomplete");
  try {
    await ctx.deps.media.completeMultipart({ key: upload.objectKey, uploadId: upload.r2UploadId }, parts);
  } catch (err) {
    if (!(err instanceof MultipartGone)) throw err;
    // A parallel completion got there first: the same answer as a completion sent twice.
    const now = await ownUpload(ctx, uploadId);
    if (now.upload.completedAt) return now;
    throw new DomainError("NOT_FOUND", "upload");
  }
  const completedAt = ctx.deps.clock.now();
  const [marked] = await ctx.deps.db
    .update(videoUploads)
    .set({ completedAt })
    .where(eq(videoUploads.id, upload.id))
    .returning({ id: videoUploads.id });
  if (!marked) {
    // Aborted while R2 assembled it: the abort found no multipart upload left, so the object is this call's to drop.
    await ctx.deps.media.delete(upload.objectKey);
    throw new DomainError("NOT_FOUND", "upload");
  }
  return { upload: { ...upload, completedAt }, parts };
}

export async function abortUpload(ctx: Ctx, uploadId: string): Promise<void> {
  const { upload } = await ownUpload(ctx, uploadId);
  await discard(ctx.deps, [upload]);
}

/** R2 first, then the rows: an upload whose R2 side failed to go stays listed for the next sweep. */
async function discard(deps: Deps, uploads: VideoUploadRow[]) {
  const gone: string[] = [];
  for (const u of uploads) {
    try {
      if (u.completedAt) await deps.media.delete(u.objectKey);
      else await deps.media.abortMultipart({ key: u.objectKey, uploadId: u.r2UploadId });
      gone.push(u.id);
    } catch (err) {
      log("error", "discarding an upload failed", {
        task: "discard-upload",
        upload: u.id,
        ...errorFields(err),
      });
    }
  }
  if (!gone.length) return;
  await deps.db.batch(
    gone.map((id) => deps.db.delete(videoUploads).where(eq(videoUploads.id, id))) as [never, ...never[]],
  );
}

/** How many expired uploads one sweep handles: the scheduled run stays short, the next one takes the rest. */
export const SWEEP_BATCH = 50;

/** Aborts uploads older than the TTL that no reel or video took. `now` is the caller's clock (the scheduled time). */
export async function sweepExpiredUploads(
  ctx: Ctx,
  { now, limit = SWEEP_BATCH }: { now: Date; limit?: number },
): Promise<number> {
  if (ctx.actor.kind !== "system") throw new DomainError("FORBIDDEN", "not_admin");
  const { deps } = ctx;
  const expired = await deps.db
    .select()
    .from(videoUploads)
    .where(lt(videoUploads.createdAt, new Date(now.getTime() - UPLOAD_LIMITS.ttlMs)))
    .orderBy(asc(videoUploads.createdAt))
    .limit(limit);
  await discard(deps, expired);
  return expired.length;
}

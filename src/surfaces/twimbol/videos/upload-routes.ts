// seed 004 §5 (issue 11): resumable uploads of large videos, one R2 multipart part per request.
import { Hono, type Context } from "hono";
import { DomainError } from "../../../domain/errors";
import { requireCreator } from "../../../domain/videos/uploader";
import {
  abortUpload,
  completeUpload,
  getUpload,
  startUpload,
  uploadPart,
} from "../../../domain/videos/uploads";
import type { AppEnv } from "../../../env";
import { storeStream, VIDEO_PART_MAX_BYTES } from "../../../http/body-limits";
import { ctxOf } from "../../../http/context";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../error-schemas";
import { startedUploadBody, uploadedPartBody, uploadStartBody, uploadStateBody } from "./wire";
import { toStartedUpload, toUploadedPart, toUploadState } from "./serializers";

const UPLOAD = "/create/uploads/:upload_id{[A-Za-z0-9_-]+}/";
const uploadId = (c: Context) => c.req.param("upload_id")!;

const OWN_UPLOAD = {
  auth: true,
  guard: (ctx: Parameters<typeof requireCreator>[0]) => requireCreator(ctx, "video_uploader"),
} as const;
const DENIED = {
  401: DRF_UNAUTHENTICATED,
  403: drfError("Not a creator or an admin"),
  404: drfError("No such upload of the caller's"),
};

export const uploadRoutes = new Hono<AppEnv>();

uploadRoutes.post(
  "/create/uploads/",
  route({
    summary:
      "Start a resumable video upload (creator or admin): answers the part size and how many parts to send",
    ...OWN_UPLOAD,
    json: uploadStartBody,
    responses: {
      201: { description: "The upload", schema: startedUploadBody },
      400: drfError("Field errors", drfBadRequest),
      401: DENIED[401],
      403: DENIED[403],
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const state = await startUpload(ctxOf(c), {
      filename: body.filename,
      contentType: body.content_type,
      size: body.size,
    });
    return c.json(toStartedUpload(state), 201);
  },
);

uploadRoutes.get(
  UPLOAD,
  route({
    summary: "An upload and the parts that arrived (to resume after a lost connection)",
    ...OWN_UPLOAD,
    responses: { 200: { description: "The upload", schema: uploadStateBody }, ...DENIED },
  }),
  async (c) => c.json(toUploadState(await getUpload(ctxOf(c), uploadId(c)))),
);

uploadRoutes.put(
  `${UPLOAD}parts/:n{[0-9]+}/`,
  route({
    summary:
      "Part n as raw bytes (`Content-Type: application/octet-stream`): every part `part_size` bytes but the last, which is the rest",
    ...OWN_UPLOAD,
    responses: {
      200: { description: "The part's etag", schema: uploadedPartBody },
      400: drfError(
        "A part number the upload does not have, a part of the wrong size, or an upload already complete",
      ),
      ...DENIED,
    },
  }),
  async (c) => {
    const body = c.req.raw.body;
    const declared = c.req.header("Content-Length");
    const part = await uploadPart(ctxOf(c), {
      uploadId: uploadId(c),
      partNumber: Number(c.req.param("n")),
      declaredLength:
        declared === undefined || c.req.raw.headers.has("Transfer-Encoding") ? null : Number(declared),
      body: (length, store) => {
        if (!body) throw new DomainError("BAD_REQUEST", "part_size");
        return storeStream(body, { length, maxBytes: VIDEO_PART_MAX_BYTES }, store);
      },
    });
    return c.json(toUploadedPart(part));
  },
);

uploadRoutes.post(
  `${UPLOAD}complete/`,
  route({
    summary: "Finish an upload once every part arrived; then `upload_id` makes a reel or video",
    ...OWN_UPLOAD,
    responses: {
      200: { description: "The completed upload", schema: uploadStateBody },
      400: drfError("Some part has not arrived"),
      ...DENIED,
    },
  }),
  async (c) => c.json(toUploadState(await completeUpload(ctxOf(c), uploadId(c)))),
);

uploadRoutes.delete(
  UPLOAD,
  route({
    summary: "Abort an upload and drop what arrived",
    ...OWN_UPLOAD,
    responses: { 204: { description: "Aborted" }, ...DENIED },
  }),
  async (c) => {
    await abortUpload(ctxOf(c), uploadId(c));
    return c.body(null, 204);
  },
);

import { AUDIO_EXTENSION, AUDIO_SNIFF_BYTES, sniffAudioType } from "../../infra/audio-type";
import { OPAQUE_FILE, type StoredContentType } from "../../infra/media-store";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { IMAGE_EXTENSION, checkImage, type Upload } from "../media/image-upload";

/** The largest attachment a message may carry (the upload body limit is the same). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
const IMAGE_POLICY = {
  maxBytes: ATTACHMENT_MAX_BYTES,
  extensions: ["jpg", "jpeg", "png", "gif", "webp"],
  types: ["jpeg", "png", "gif", "webp"] as const,
};

/**
 * Checks an attachment by what its bytes are and stores it under the sender's prefix: an image
 * must be one (magic bytes), a voice message one of the audio formats, a file is kept as opaque
 * bytes served for download. Returns the R2 key.
 */
export async function storeAttachment(
  deps: Deps,
  userId: number,
  type: "image" | "file" | "voice",
  file: Upload,
): Promise<string> {
  if (file.size > ATTACHMENT_MAX_BYTES) throw new DomainError("PAYLOAD_TOO_LARGE");
  let ext: string;
  let contentType: StoredContentType;
  let bytes: ArrayBuffer;
  if (type === "image") {
    const image = await checkImage(file, "attachment", { ...IMAGE_POLICY, types: [...IMAGE_POLICY.types] });
    [bytes, ext, contentType] = [image.bytes, IMAGE_EXTENSION[image.type], image.contentType];
  } else if (type === "voice") {
    bytes = await file.arrayBuffer();
    const audio = sniffAudioType(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, AUDIO_SNIFF_BYTES)));
    if (!audio) throw new DomainError("BAD_REQUEST", "attachment");
    [ext, contentType] = [AUDIO_EXTENSION[audio], audio];
  } else {
    bytes = await file.arrayBuffer();
    [ext, contentType] = ["bin", OPAQUE_FILE];
  }
  return (await deps.media.put(userId, "chat", ext, bytes, contentType)).key;
}

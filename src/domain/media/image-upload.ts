import {
  IMAGE_CONTENT_TYPES,
  sniffImageType,
  type ImageContentType,
  type ImageType,
} from "../../infra/image-type";
import { addFieldError, validationError, type FieldErrors } from "../errors";

/** What the domain needs of an uploaded file; a web `File` fits. */
export interface Upload {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface ImagePolicy {
  maxBytes: number;
  /** Allowed name extensions, lower-case, without the dot. */
  extensions: string[];
  /** Allowed content, by magic bytes. */
  types: ImageType[];
}

export const IMAGE_MSG = {
  extension: (ext: string, allowed: string[]) =>
    `File extension “${ext}” is not allowed. Allowed extensions are: ${allowed.join(", ")}.`,
  tooLarge: (maxBytes: number) => `File size exceeds the limit ${(maxBytes / (1024 * 1024)).toFixed(1)} MB.`,
  invalid: "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
} as const;

export interface CheckedImage {
  bytes: ArrayBuffer;
  type: ImageType;
  /** From the sniffed bytes, never from the upload's declared type: it is what /media/ serves. */
  contentType: ImageContentType;
}

const extensionOf = (name: string) => {
  const base = name.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
};

/**
 * Django's order: the name's extension and the size first (both reported), then the
 * content itself, identified by magic bytes whatever the name or declared type says.
 */
export async function checkImage(file: Upload, field: string, policy: ImagePolicy): Promise<CheckedImage> {
  const fields: FieldErrors = {};
  const ext = extensionOf(file.name);
  if (!policy.extensions.includes(ext))
    addFieldError(fields, field, "invalid_extension", IMAGE_MSG.extension(ext, policy.extensions));
  if (file.size > policy.maxBytes)
    addFieldError(fields, field, "file_too_large", IMAGE_MSG.tooLarge(policy.maxBytes));
  if (Object.keys(fields).length) throw validationError(fields);
  const bytes = await file.arrayBuffer();
  const type = sniffImageType(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 16)));
  if (!type || !policy.types.includes(type))
    throw validationError({ [field]: [{ code: "invalid_image", message: IMAGE_MSG.invalid }] });
  return { bytes, type, contentType: IMAGE_CONTENT_TYPES[type] };
}

export const IMAGE_EXTENSION: Record<ImageType, string> = {
  jpeg: "jpg",
  png: "png",
  gif: "gif",
  webp: "webp",
};

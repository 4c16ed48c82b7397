import { addFieldError, type FieldErrors } from "../errors";
import {
  checkImage,
  IMAGE_EXTENSION,
  type CheckedImage,
  type ImagePolicy,
  type Upload,
} from "../media/image-upload";
import { DomainError } from "../errors";
import type { Deps } from "../deps";

/** Twimbol's Post model: `post_title = CharField(max_length=100)`. */
export const POST_TITLE_MAX = 100;

export interface BannerUpload {
  file: Upload;
  field: string;
  policy: ImagePolicy;
}

/** Checks the title's length and the banner's bytes, adding every problem to `fields`. */
export async function checkPostInput(
  fields: FieldErrors,
  input: { title?: string; titleField?: string; banner?: BannerUpload },
): Promise<CheckedImage | undefined> {
  if (input.title !== undefined && input.title.length > POST_TITLE_MAX) {
    addFieldError(
      fields,
      input.titleField ?? "title",
      "max_length",
      `Ensure this value has at most ${POST_TITLE_MAX} characters (it has ${input.title.length}).`,
      { max: POST_TITLE_MAX },
    );
  }
  if (!input.banner) return undefined;
  try {
    return await checkImage(input.banner.file, input.banner.field, input.banner.policy);
  } catch (err) {
    if (!(err instanceof DomainError && err.fields)) throw err;
    Object.assign(fields, err.fields);
    return undefined;
  }
}

export async function storeBanner(deps: Deps, userId: number, image: CheckedImage): Promise<string> {
  return (await deps.media.put(userId, "post", IMAGE_EXTENSION[image.type], image.bytes, image.contentType))
    .key;
}

export { POST_TYPES, REPORT_REASONS, type PostType, type ReportReason } from "../../db/schema";

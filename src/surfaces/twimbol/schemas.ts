import * as z from "zod";
import { REPORT_REASONS } from "../../domain/posts/post-rules";
import { SEARCH_TERMS_MAX } from "../../domain/lists/search";
import { upload } from "../../http/declared-body";
import { line, searchText, secret, secretCharacters, text } from "../shared/text";

const INTEGER = "A valid integer is required.";

/** DRF's IntegerField takes 7 or "7". */
const id = z
  .union([z.number(), z.string().regex(/^\s*\d+\s*$/, INTEGER)], INTEGER)
  .transform(Number)
  .pipe(z.number().int(INTEGER).min(1, INTEGER));

const BLANK = "This field may not be blank.";
const required = text().min(1, BLANK);
const requiredSecret = secret().min(1, BLANK);
/** DRF's CharField takes 123456 as "123456". */
const code = z.coerce.string().check(secretCharacters);

export const loginBody = z.object({ username: requiredSecret, password: requiredSecret });
export const refreshBody = z.object({ refresh: requiredSecret });

export const registerBody = z.object({
  username: text(),
  email: required,
  password: secret(),
  /** YYYY-MM-DD; checked by the domain so its error comes with every other one. */
  birthday: text().optional(),
});

const BOOLEAN = "Must be a valid boolean.";
const TRUE_VALUES = new Set(["t", "y", "yes", "true", "on", "1"]);
const FALSE_VALUES = new Set(["f", "n", "no", "false", "off", "0"]);
/** DRF's BooleanField: a JSON boolean, 1/0, or the words a form sends ("true", "on", "0", …). */
const drfBoolean = z.union([z.boolean(), z.number(), z.string()], BOOLEAN).transform((v, ctx) => {
  if (typeof v === "boolean") return v;
  const word = String(v).trim().toLowerCase();
  if (TRUE_VALUES.has(word)) return true;
  if (FALSE_VALUES.has(word)) return false;
  ctx.addIssue({ code: "custom", message: BOOLEAN });
  return z.NEVER;
});

export const profileUpdateFields = z.object({
  first_name: line().optional(),
  last_name: line().optional(),
  user_phone: text().optional(),
  user_address: text().optional(),
  user_social_fb: text().optional(),
  user_social_twt: text().optional(),
  user_social_yt: text().optional(),
  /** MediaCMS's `allow_contact`: whether other users may mail this one through `/api/v1/users/{username}/contact`. */
  allow_contact: drfBoolean.optional(),
});
export const profileUpdateForm = profileUpdateFields.extend({
  profile_pic: upload().describe("Image file (≤ 5 MB)"),
});

export const changePasswordBody = z.object({ old_password: secret(), new_password: secret() });
export const forgotPasswordBody = z.object({ email: required });
export const resetPasswordBody = z.object({ email: required, code, new_password: secret() });

export const targetUserBody = z.object({ user_id: id });
export const creatorApplicationBody = z.object({ user: id.optional() });

export const parentOtpRequestBody = z.object({ child_id: id, parent_email: required });
export const parentOtpVerifyBody = parentOtpRequestBody.extend({ otp_code: code });

/** DRF's SearchFilter: commas are spaces, every whitespace-separated term must match. */
export const searchTermsOf = (raw: string | undefined) =>
  (raw ?? "").replaceAll(",", " ").split(/\s+/).filter(Boolean);

/**
 * seed 004 §4 GET /api/posts/: every parameter optional, read as DRF's filters read them, except
 * that a NUL or a lone surrogate is refused (400) as in every other text field, not dropped, and a
 * search is bounded in length and in terms.
 */
export const postListQuery = z.object({
  search: searchText()
    .refine(
      (raw) => searchTermsOf(raw).length <= SEARCH_TERMS_MAX,
      `Ensure this field has no more than ${SEARCH_TERMS_MAX} terms.`,
    )
    .optional()
    .describe(`Terms, each in the title or the description (case-insensitive); at most ${SEARCH_TERMS_MAX}`),
  ordering: text()
    .optional()
    .describe("`post_type` or `created_at`, either with a leading `-`; comma-separated"),
  page: text().optional().describe("Page number, or `last`"),
  page_size: text().optional().describe("Results per page (default 10, capped at 100)"),
});

/** seed 004 §4 POST /api/posts/ (multipart, or JSON without a file). The title's length is the domain's rule. */
const title = line().min(1, BLANK);
const banner = upload().describe("Banner image (≤ 5 MB)");
export const postCreateFields = z.object({ post_title: title, post_description: text().optional() });
export const postCreateForm = postCreateFields.extend({ post_banner: banner });
export const postUpdateFields = z.object({
  post_title: title.optional(),
  post_description: text().optional(),
});
export const postUpdateForm = postUpdateFields.extend({ post_banner: banner });

/** seed 004 §6 POST /api/post_report/{post_id}/ (JSON or a form): both fields optional. */
export const reportFields = z.object({
  reason: z
    .enum(REPORT_REASONS)
    .optional()
    .describe("One of spam, abuse, false, hate, nsfw, other (default other)"),
  description: text().nullable().optional(),
});

/** seed 004 §7: the text's blank and length rules are the domain's, so they answer with every other field error. */
export const commentFields = z.object({ comment: text() });
/** A missing `comment_id` names no comment: the original answers it with its 404. */
export const commentDeleteFields = z.object({ comment_id: id.optional() });
export const commentListQuery = z.object({
  page: text().optional().describe("Page number, or `last`"),
  page_size: text().optional().describe("Results per page (default 10, capped at 30)"),
});

// The body a route declares with `form` or `multipart` (openapi.ts), read and validated before its handler runs.
import type { Context, MiddlewareHandler } from "hono";
import * as z from "zod";
import { DomainError, validationError } from "../domain/errors";
import type { AppEnv } from "../env";
import { MAX_UPLOAD_BYTES } from "./body-limits";
import { declaredLength, readForm } from "./form-data";
import { bodyFormat, readJson } from "./request-body";
import { zodFieldErrors } from "./validator";

/** The largest form body a route reads (its declared length), and how the route words a larger one (default 413). */
export interface FormLimit {
  bytes: number;
  refuse?: () => Error;
}

/**
 * A file field of a form (`format: binary` in the document, `File | undefined` to the handler).
 * Anything else sent in its place (a string, a JSON value) is no file, as DRF's parsers leave a
 * JSON body without files. zod types its files by an interface of its own (it assumes no DOM
 * library); the value is the runtime's `File`, so that is its type here.
 */
export const upload = (): z.ZodType<File | undefined, unknown> =>
  z.file().optional().catch(undefined) as z.ZodType<File | undefined, unknown>;

/**
 * A field its route checks itself (handler or verb), because it refuses it in words of its own
 * rather than as a field error (a login's "Missing or error type of [username]"), or only after
 * other checks; passed on as sent, and documented as the string it should be.
 */
export const checkedByRoute = () => z.unknown().catch(undefined).meta({ type: "string" });

/**
 * A form as Django's QueryDict hands it to DRF: the last value of a repeated field wins (hono's
 * form target makes a list of them), and an empty file part (a form sent with no file chosen) is no file.
 */
function fieldsOf(form: FormData): Record<string, string | File> {
  const fields: Record<string, string | File> = {};
  for (const [key, value] of form.entries())
    if (typeof value === "string" || value.size > 0) fields[key] = value;
  return fields;
}

/** JSON, urlencoded or multipart, as DRF picks a parser by type; no body is no fields, any other type a 415. */
async function readFields(c: Context<AppEnv>, limit: FormLimit): Promise<Record<string, unknown>> {
  const format = await bodyFormat(c, ["json", "form"]);
  if (format === "json") {
    const parsed = await readJson(c);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new DomainError("BAD_REQUEST", "malformed_body");
    return parsed as Record<string, unknown>;
  }
  if (format === null) return {};
  if (limit.refuse && declaredLength(c) > limit.bytes) throw limit.refuse();
  const form = await readForm(c, limit.bytes);
  return form ? fieldsOf(form) : {};
}

/**
 * Validates the body against `schema` into one value, `c.req.valid("form")`, whichever format it
 * came in; a failed check is a VALIDATION DomainError, worded by the surface's onError.
 */
export function formBody(
  schema: z.ZodType,
  limit: FormLimit = { bytes: MAX_UPLOAD_BYTES },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const fields = await readFields(c, limit);
    const result = await schema.safeParseAsync(fields);
    if (!result.success) throw validationError(zodFieldErrors(result.error, fields));
    c.req.addValidatedData("form", result.data as object);
    await next();
  };
}

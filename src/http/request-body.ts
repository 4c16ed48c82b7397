import type { Context } from "hono";
import { DomainError, unsupportedMediaType } from "../domain/errors";
import type { AppEnv } from "../env";

export type BodyFormat = "json" | "form";

/** The JSON types hono's validator parses, and the two form encodings. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORM_TYPE = /^(multipart\/form-data|application\/x-www-form-urlencoded)$/i;

const formatOf = (mediaType: string): BodyFormat | null =>
  JSON_TYPE.test(mediaType) ? "json" : FORM_TYPE.test(mediaType) ? "form" : null;

/**
 * How a route that parses `accepted` formats should read this request's body: as DRF picks a
 * parser. No body at all is no data (null), whatever the type says; a body in a format the
 * route does not parse is refused (415) rather than read as empty, so a write that did not
 * happen is never reported as done.
 */
export async function bodyFormat<E extends AppEnv>(
  c: Context<E>,
  accepted: readonly BodyFormat[],
): Promise<BodyFormat | null> {
  const header = c.req.header("Content-Type");
  const format = formatOf((header ?? "").split(";")[0]!.trim());
  if (format && accepted.includes(format)) return format;
  if (await isEmpty(c)) return null;
  throw unsupportedMediaType(header ?? "");
}

/** Reads at most one chunk: a body that has one is refused unread, and an empty one has nothing more. */
async function isEmpty<E extends AppEnv>(c: Context<E>): Promise<boolean> {
  const body = c.req.raw.body;
  if (!body) return true;
  const declared = c.req.header("Content-Length");
  if (declared !== undefined && !c.req.raw.headers.has("Transfer-Encoding")) return Number(declared) === 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      if (value.byteLength > 0) return false;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** The body as JSON (cached by hono for later readers); text that is not JSON is `malformed_json`. */
export async function readJson<E extends AppEnv>(c: Context<E>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (err) {
    // Anything else (a body past its size limit) is its own error, for the middleware that raised it.
    if (err instanceof SyntaxError) throw new DomainError("BAD_REQUEST", "malformed_json");
    throw err;
  }
}

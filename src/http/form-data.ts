import type { Context } from "hono";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "../env";
import { MAX_UPLOAD_BYTES } from "./body-limits";

/**
 * The request's form fields; a body that claims to be a form but is not one is a 400,
 * not a 500, and one declared larger than `maxBytes` is refused before it is read.
 */
export async function readForm<E extends AppEnv>(
  c: Context<E>,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<FormData | null> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) return null;
  if (declaredLength(c) > maxBytes) throw new DomainError("PAYLOAD_TOO_LARGE");
  try {
    return await c.req.formData();
  } catch {
    throw new DomainError("BAD_REQUEST", "malformed_body");
  }
}

/** A declared body size over the limit is refused before the body is read. */
export function declaredLength<E extends AppEnv>(c: Context<E>): number {
  const n = Number(c.req.header("Content-Length"));
  return Number.isFinite(n) ? n : 0;
}

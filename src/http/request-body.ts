import type { Context } from "hono";
import { DomainError } from "../domain/errors";
import type { AppEnv } from "../env";
import { readForm } from "./form-data";

export interface RequestBody {
  fields: Record<string, unknown>;
  files: Record<string, File>;
}

/** A JSON, urlencoded or multipart body as plain fields plus files, for routes that take any of them. */
export async function readAnyBody(c: Context<AppEnv>): Promise<RequestBody> {
  const type = c.req.header("Content-Type") ?? "";
  if (/^application\/json/i.test(type)) {
    let parsed: unknown;
    try {
      parsed = await c.req.json();
    } catch {
      throw new DomainError("BAD_REQUEST", "malformed_body");
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new DomainError("BAD_REQUEST", "malformed_body");
    return { fields: parsed as Record<string, unknown>, files: {} };
  }
  const form = await readForm(c);
  const body: RequestBody = { fields: {}, files: {} };
  for (const [key, value] of form?.entries() ?? []) {
    if (typeof value === "string") body.fields[key] = value;
    else if (value.size > 0) body.files[key] = value;
  }
  return body;
}

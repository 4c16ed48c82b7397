import type { Context } from "hono";
import { DomainError, type ReasonOf } from "../../domain/errors";

/**
 * A numeric path segment (the route pattern already holds it to digits) as an id; one too big
 * to be any row's is the same answer as a missing row.
 */
export function idParam(c: Context, name: string, missing: ReasonOf<"NOT_FOUND">): number {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id)) throw new DomainError("NOT_FOUND", missing);
  return id;
}

import * as z from "zod";
import { declareRoutes, type ResponseDecl } from "../../http/openapi";

/** `{"code": n, "error": …}`, with `payload` for field errors. */
export const cocotreeFailure = z.object({
  code: z.number().int(),
  error: z.string(),
  payload: z.record(z.string(), z.array(z.string())).optional(),
});

/** Every Cocotree route declares itself through this (src/http/openapi.ts). */
export const route = declareRoutes({ tag: "cocotree", unsupportedMediaType: cocotreeFailure });

export const fails = (description: string, schema: z.ZodType = cocotreeFailure): ResponseDecl => ({
  description,
  schema,
});

/** `{"code": 0, "payload": …}` */
export const ok = (description: string, payload: z.ZodType): ResponseDecl => ({
  description,
  schema: z.object({ code: z.literal(0), payload }),
});

export const COCOTREE_UNAUTHENTICATED = fails("No credentials, or an invalid or expired token");

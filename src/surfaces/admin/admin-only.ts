import type { Ctx } from "../../domain/context";
import { requireAdmin } from "../../domain/policy/ownership";
import type { Context } from "hono";
import type { AdminOrigin } from "../../domain/admin/audit";
import type { AppEnv } from "../../env";
import { clientInfo } from "../../http/credentials";
import { declareRoutes } from "../../http/openapi";
import { drfDetail } from "../shared/drf-error-schemas";

/**
 * First on every admin route, before any validator: a caller who may not use the admin
 * API hears 401 or 403, never what the admin schemas would say about its input. The
 * verbs still assert the role themselves; this only decides what is answered first.
 */
export const adminOnly = (ctx: Ctx) => requireAdmin(ctx);

/** Every admin route declares itself through this (src/http/openapi.ts), with `guard: adminOnly`. */
export const route = declareRoutes({ tag: "admin", unsupportedMediaType: drfDetail });

/** What the audit log records of the request an admin action came in (the panel passes the same). */
export const originOf = <E extends AppEnv>(c: Context<E>): AdminOrigin => ({ ip: clientInfo(c).ip });

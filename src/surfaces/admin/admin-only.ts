import { createMiddleware } from "hono/factory";
import { assertAdmin } from "../../domain/auth/viewer";
import type { AppEnv } from "../../env";
import { requireViewer } from "../../http/credentials";

/**
 * First on every admin route, before any validator: a caller who may not use the admin
 * API hears 401 or 403, never what the admin schemas would say about its input. The
 * verbs still assert the role themselves; this only decides what is answered first.
 */
export const adminOnly = createMiddleware<AppEnv>(async (c, next) => {
  assertAdmin(await requireViewer(c));
  await next();
});

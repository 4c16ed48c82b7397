import type { Context } from "hono";
import { ctxFor, type Ctx } from "../domain/context";
import type { AppEnv } from "../env";

/**
 * The one place a request becomes a verb's ctx: its deps, and the viewer its route's
 * authentication resolved (anonymous on a public route, which resolves none).
 */
export const ctxOf = <E extends AppEnv>(c: Context<E>): Ctx => ctxFor(c.get("deps"), c.get("viewer"));

import type { Ctx } from "../context";
import { requireUser } from "../policy/ownership";
import { endSession } from "./sessions";

/** Ends the session the caller came through, and its refresh token with it. */
export async function logOut(ctx: Ctx) {
  await endSession(ctx.deps, requireUser(ctx).sessionId);
}

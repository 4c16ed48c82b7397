import { eq } from "drizzle-orm";
import { sessions } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { issueAccessToken } from "./sessions";

/**
 * A token for the caller's own session (MediaCMS's `GET /api/v1/user/token`): it ends with
 * that session. Its lifetime is the access token's; one place to change when token lifetimes
 * per API land.
 */
export async function currentSessionToken(ctx: Ctx): Promise<string> {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const row = await deps.db.select({ handle: sessions.handle }).from(sessions).where(eq(sessions.id, viewer.sessionId)).get();
  if (!row?.handle) throw new DomainError("UNAUTHENTICATED");
  return issueAccessToken(deps, viewer.user, row.handle);
}

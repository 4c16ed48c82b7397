import { eq } from "drizzle-orm";
import { sessions, type UserRow } from "../../db/schema";
import { issueAccessToken } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { updateUser, type UpdateUserInput } from "./update-user";

/**
 * Cocotree's profile edit: the one user edit, answered with the row and a fresh access token
 * for the caller's own session, which Cocotree clients swap in.
 */
export async function updateDetails(
  ctx: Ctx,
  edit: Omit<UpdateUserInput, "by" | "userId">,
): Promise<{ user: UserRow; access: string }> {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  const user = await updateUser(ctx, edit);
  const session = await deps.db
    .select({ handle: sessions.handle, kind: sessions.kind, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.id, viewer.sessionId))
    .get();
  if (!session?.handle) throw new DomainError("UNAUTHENTICATED");
  return { user, access: await issueAccessToken(deps, user, { ...session, handle: session.handle }) };
}

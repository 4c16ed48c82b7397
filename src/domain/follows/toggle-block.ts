import { and, eq } from "drizzle-orm";
import { blocks } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireUser } from "../policy/ownership";
import { loadRelationship, unfollowBothWays } from "./relationship";

export interface BlockResult {
  blocking: boolean;
  target: { id: number; username: string };
}

/** Blocks, or unblocks if already blocking. Blocking also ends any follow between the two, atomically. */
export async function toggleBlock(ctx: Ctx, { targetId }: { targetId: number }): Promise<BlockResult> {
  const viewer = requireUser(ctx);
  const { deps } = ctx;
  if (targetId === viewer.user.id) throw new DomainError("BAD_REQUEST", "block_self");
  const rel = await loadRelationship(deps, viewer.user.id, targetId);
  const target = { id: rel.id, username: rel.username };
  if (rel.blocking) {
    await deps.db
      .delete(blocks)
      .where(and(eq(blocks.blockerId, viewer.user.id), eq(blocks.blockedId, targetId)));
    return { blocking: false, target };
  }
  await deps.db.batch([
    deps.db
      .insert(blocks)
      .values({ blockerId: viewer.user.id, blockedId: targetId, createdAt: deps.clock.now() })
      .onConflictDoNothing(),
    unfollowBothWays(deps, viewer.user.id, targetId),
  ]);
  return { blocking: true, target };
}

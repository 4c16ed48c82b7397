import { and, eq } from "drizzle-orm";
import { blocks } from "../../db/schema";
import type { Viewer } from "../auth/viewer";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { loadRelationship, unfollowBothWays } from "./relationship";

export interface BlockResult {
  blocking: boolean;
  target: { id: number; username: string };
}

/** Blocks, or unblocks if already blocking. Blocking also ends any follow between the two, atomically. */
export async function toggleBlock(deps: Deps, viewer: Viewer, targetId: number): Promise<BlockResult> {
  if (targetId === viewer.user.id) throw new DomainError("BAD_REQUEST", "block_self");
  const rel = await loadRelationship(deps, viewer.user.id, targetId);
  const target = { id: rel.id, username: rel.username };
  if (rel.blocking) {
    await deps.db.delete(blocks).where(and(eq(blocks.blockerId, viewer.user.id), eq(blocks.blockedId, targetId)));
    return { blocking: false, target };
  }
  await deps.db.batch([
    deps.db.insert(blocks).values({ blockerId: viewer.user.id, blockedId: targetId, createdAt: deps.clock.now() }).onConflictDoNothing(),
    unfollowBothWays(deps, viewer.user.id, targetId),
  ]);
  return { blocking: true, target };
}

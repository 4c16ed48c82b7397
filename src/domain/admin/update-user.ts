import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { userGroups, users, type UserRow } from "../../db/schema";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireAdmin } from "../policy/ownership";

export const KNOWN_GROUPS = ["visitor", "creator", "admin"] as const;

export interface AdminUserPatch {
  score?: number;
  groups?: string[];
  isActive?: boolean;
  isBanned?: boolean;
  isFeatured?: boolean;
  isEditor?: boolean;
  isManager?: boolean;
  advancedUser?: boolean;
  allowContact?: boolean;
}

export interface AdminUserView {
  user: UserRow;
  groups: string[];
}

/**
 * An admin edits another account. Groups are replaced as a whole; deactivating or
 * banning ends the user's sessions in the same batch, so it bites on the next request.
 */
export async function adminUpdateUser(ctx: Ctx, { userId, patch }: { userId: number; patch: AdminUserPatch }): Promise<AdminUserView> {
  requireAdmin(ctx);
  const { deps } = ctx;
  const target = await deps.db.select().from(users).where(eq(users.id, userId)).get();
  if (!target) throw new DomainError("NOT_FOUND", "user");

  const { groups, ...rest } = patch;
  const columns = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const statements: BatchItem<"sqlite">[] = [];
  if (Object.keys(columns).length) statements.push(deps.db.update(users).set(columns).where(eq(users.id, userId)));
  if (groups) {
    const unique = [...new Set(groups)];
    statements.push(deps.db.delete(userGroups).where(eq(userGroups.userId, userId)));
    if (unique.length) statements.push(deps.db.insert(userGroups).values(unique.map((name) => ({ userId, name }))));
  }
  if (patch.isActive === false || patch.isBanned === true) statements.push(...revokeAllStatements(deps, userId));
  const readBack = [
    deps.db.select().from(users).where(eq(users.id, userId)),
    deps.db.select({ name: userGroups.name }).from(userGroups).where(eq(userGroups.userId, userId)),
  ] as const;
  const results = (await deps.db.batch([...statements, ...readBack] as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[];
  const user = results.at(-2) as UserRow[];
  const groupRows = results.at(-1) as { name: string }[];
  if (patch.isActive === false || patch.isBanned === true) closeEndedSockets(deps, userId);
  return { user: user[0]!, groups: groupRows.map((g) => g.name).sort() };
}

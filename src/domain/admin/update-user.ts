import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { userGroups, users, type UserRow } from "../../db/schema";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireAdmin } from "../policy/ownership";
import { isInAdminGroup, isLastAdminRefusal, keepsAnAdmin } from "./admin-group";
import { auditStatement, type AdminOrigin } from "./audit";
import { standingAccount } from "../users/erase-account";

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

/** A one-flag change is named for what it does on the log; anything else is an edit. */
function actionOf(patch: AdminUserPatch) {
  const set = Object.entries(patch).filter(([, v]) => v !== undefined);
  if (set.length === 1 && set[0]![0] === "isBanned") return set[0]![1] ? "user.ban" : "user.unban";
  if (set.length === 1 && set[0]![0] === "isActive") return set[0]![1] ? "user.activate" : "user.deactivate";
  return "user.update";
}

/** Whether the patch takes the account out of the `admin` group, bans it or deactivates it. */
const lessensAnAdmin = (patch: AdminUserPatch) => patch.isActive === false || patch.isBanned === true || (patch.groups !== undefined && !patch.groups.includes("admin"));

/**
 * An admin edits another account. Groups are replaced as a whole. An admin never bans,
 * deactivates or demotes themself (an admin who did was locked out), and no edit leaves no
 * active account in the `admin` group (checked inside the batch); deactivating or
 * banning ends the user's sessions in the same batch, so it bites on the next request.
 * The audit row goes in that batch too.
 */
export async function adminUpdateUser(
  ctx: Ctx,
  { userId, patch, origin }: { userId: number; patch: AdminUserPatch; origin?: AdminOrigin },
): Promise<AdminUserView> {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  // A deleted account is gone for admins too: no edit brings it back while the cron purges it.
  const target = await deps.db.select().from(users).where(standingAccount(userId)).get();
  if (!target) throw new DomainError("NOT_FOUND", "user");
  const targetIsAdmin = await isInAdminGroup(deps, userId);
  if (admin.user.id === userId && targetIsAdmin && lessensAnAdmin(patch)) throw new DomainError("FORBIDDEN", "admin_self");

  const { groups, ...rest } = patch;
  const columns = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const statements: BatchItem<"sqlite">[] = [];
  if (Object.keys(columns).length) statements.push(deps.db.update(users).set(columns).where(standingAccount(userId)));
  if (groups) {
    const unique = [...new Set(groups)];
    statements.push(deps.db.delete(userGroups).where(eq(userGroups.userId, userId)));
    if (unique.length) statements.push(deps.db.insert(userGroups).values(unique.map((name) => ({ userId, name }))));
  }
  // Whatever the read said: the target may be promoted before the batch runs (the caller is an admin, so one exists).
  if (lessensAnAdmin(patch)) statements.push(keepsAnAdmin(deps));
  if (patch.isActive === false || patch.isBanned === true) statements.push(...revokeAllStatements(deps, userId));
  const detail = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  statements.push(auditStatement(deps, admin, origin, { action: actionOf(patch), objectType: "user", objectId: userId, detail }));
  const readBack = [
    deps.db.select().from(users).where(eq(users.id, userId)),
    deps.db.select({ name: userGroups.name }).from(userGroups).where(eq(userGroups.userId, userId)),
  ] as const;
  let results: unknown[];
  try {
    results = (await deps.db.batch([...statements, ...readBack] as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[];
  } catch (err) {
    if (isLastAdminRefusal(err)) throw new DomainError("CONFLICT", "last_admin");
    throw err;
  }
  const user = results.at(-2) as UserRow[];
  const groupRows = results.at(-1) as { name: string }[];
  if (patch.isActive === false || patch.isBanned === true) closeEndedSockets(deps, userId);
  return { user: user[0]!, groups: groupRows.map((g) => g.name).sort() };
}

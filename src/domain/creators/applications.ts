import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { creatorApplications, userGroups, users } from "../../db/schema";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError, validationError } from "../errors";
import { hasRole, requireAdmin, requireSelfOrAdmin, requireUser } from "../policy/ownership";
import { notification } from "../notifications/notify";
import { auditStatement, type AdminOrigin } from "../admin/audit";

export const APPLICATION_STATUS = { pending: 0, approved: 1, rejected: 2 } as const;
const OPEN = [APPLICATION_STATUS.pending, APPLICATION_STATUS.approved];

/**
 * Files a creator application. One open (pending or approved) application per user,
 * enforced by a single INSERT … WHERE NOT EXISTS so concurrent submissions cannot both
 * land; a rejected applicant may apply again.
 */
export async function applyForCreator(ctx: Ctx, input: { userId?: number } = {}) {
  const viewer = requireUser(ctx);
  // The original clients name the applicant; it can only be the caller (a field error, as DRF's serializer answers).
  if (input.userId !== undefined && input.userId !== viewer.user.id) {
    throw validationError({
      user: [{ code: "not_self", message: "You can only apply for your own account." }],
    });
  }
  const { deps } = ctx;
  if (hasRole(viewer, "creator")) throw new DomainError("CONFLICT", "already_applied");
  const userId = viewer.user.id;
  const now = deps.clock.now().getTime();
  const result = await deps.db.run(sql`
    INSERT INTO ${creatorApplications} (user_id, status, created_at)
    SELECT ${userId}, ${APPLICATION_STATUS.pending}, ${now}
    WHERE NOT EXISTS (SELECT 1 FROM ${creatorApplications} WHERE user_id = ${userId} AND status IN (${sql.join(OPEN, sql`, `)}))`);
  if (!result.meta.changes) throw new DomainError("CONFLICT", "already_applied");
}

export function listOwnApplications(ctx: Ctx) {
  return applicationsOf(ctx.deps, requireUser(ctx).user.id);
}

function applicationsOf(deps: Deps, userId: number) {
  return deps.db
    .select()
    .from(creatorApplications)
    .where(eq(creatorApplications.userId, userId))
    .orderBy(desc(creatorApplications.id))
    .all();
}

/**
 * One user's applications, for that user or an admin. Like the original (a filter on
 * `user_id`), an id with no applications, or no user, is an empty list, not a 404.
 */
export function listApplicationsOfUser(ctx: Ctx, { userId }: { userId: number }) {
  requireSelfOrAdmin(ctx, userId);
  return applicationsOf(ctx.deps, userId);
}

/** Oldest first, or (`pendingFirst`, the panel's queue) pending ones first and the newest of each kind on top. */
export function listApplications(
  ctx: Ctx,
  { status, pendingFirst = false }: { status?: number; pendingFirst?: boolean } = {},
) {
  requireAdmin(ctx);
  const pendingOnTop = [
    sql`${creatorApplications.status} <> ${APPLICATION_STATUS.pending}`,
    desc(creatorApplications.id),
  ];
  return ctx.deps.db
    .select({ application: creatorApplications, username: users.username })
    .from(creatorApplications)
    .innerJoin(users, eq(users.id, creatorApplications.userId))
    .where(status === undefined ? undefined : eq(creatorApplications.status, status))
    .orderBy(...(pendingFirst ? pendingOnTop : [creatorApplications.id]))
    .limit(500)
    .all();
}

/**
 * Approving moves the user into `creator` in the same batch; the role bites on the user's next
 * request. The audit row rides in that batch.
 */
export async function reviewApplication(
  ctx: Ctx,
  { id, decision, origin }: { id: number; decision: "approve" | "reject"; origin?: AdminOrigin },
) {
  const actor = requireAdmin(ctx);
  const { deps } = ctx;
  const application = await deps.db
    .select()
    .from(creatorApplications)
    .where(eq(creatorApplications.id, id))
    .get();
  if (!application) throw new DomainError("NOT_FOUND", "application");
  const status = decision === "approve" ? APPLICATION_STATUS.approved : APPLICATION_STATUS.rejected;
  const update = deps.db
    .update(creatorApplications)
    .set({ status, reviewedAt: deps.clock.now() })
    .where(eq(creatorApplications.id, id))
    .returning();
  const audit = auditStatement(deps, actor, origin, {
    action: `application.${decision}`,
    objectType: "application",
    objectId: id,
    detail: { userId: application.userId },
  });
  if (decision === "reject") {
    await deps.db.batch([
      update,
      audit,
      deps.db
        .delete(userGroups)
        .where(and(eq(userGroups.userId, application.userId), inArray(userGroups.name, ["creator"]))),
    ]);
    return { ...application, status };
  }
  const joinCreators = deps.db
    .insert(userGroups)
    .values({ userId: application.userId, name: "creator" })
    .onConflictDoNothing();
  if (application.status === APPLICATION_STATUS.approved) {
    await deps.db.batch([update, joinCreators, audit]);
  } else {
    const approved = notification(deps, application.userId, {
      type: "creator_application_approved",
      actorId: actor.user.id,
      applicationId: id,
    });
    const [, , recorded] = await deps.db.batch([update, joinCreators, approved.statement, audit]);
    approved.afterCommit(recorded);
  }
  return { ...application, status };
}

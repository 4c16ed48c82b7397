import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { creatorApplications, userGroups, users } from "../../db/schema";
import { assertAdmin, hasRole, type Viewer } from "../auth/viewer";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { notification } from "../notifications/notify";

export const APPLICATION_STATUS = { pending: 0, approved: 1, rejected: 2 } as const;
const OPEN = [APPLICATION_STATUS.pending, APPLICATION_STATUS.approved];

/**
 * Files a creator application. One open (pending or approved) application per user,
 * enforced by a single INSERT … WHERE NOT EXISTS so concurrent submissions cannot both
 * land; a rejected applicant may apply again.
 */
export async function applyForCreator(deps: Deps, viewer: Viewer) {
  if (hasRole(viewer, "creator")) throw new DomainError("CONFLICT", "already_applied");
  const userId = viewer.user.id;
  const now = deps.clock.now().getTime();
  const result = await deps.db.run(sql`
    INSERT INTO ${creatorApplications} (user_id, status, created_at)
    SELECT ${userId}, ${APPLICATION_STATUS.pending}, ${now}
    WHERE NOT EXISTS (SELECT 1 FROM ${creatorApplications} WHERE user_id = ${userId} AND status IN (${sql.join(OPEN, sql`, `)}))`);
  if (!result.meta.changes) throw new DomainError("CONFLICT", "already_applied");
}

export function listOwnApplications(deps: Deps, userId: number) {
  return deps.db.select().from(creatorApplications).where(eq(creatorApplications.userId, userId)).orderBy(desc(creatorApplications.id)).all();
}

/**
 * One user's applications, for that user or an admin. Like the original (a filter on
 * `user_id`), an id with no applications, or no user, is an empty list, not a 404.
 */
export function listApplicationsOfUser(deps: Deps, actor: Viewer, userId: number) {
  if (actor.user.id !== userId) assertAdmin(actor);
  return listOwnApplications(deps, userId);
}

export function listApplications(deps: Deps, actor: Viewer, status?: number) {
  assertAdmin(actor);
  return deps.db
    .select({ application: creatorApplications, username: users.username })
    .from(creatorApplications)
    .innerJoin(users, eq(users.id, creatorApplications.userId))
    .where(status === undefined ? undefined : eq(creatorApplications.status, status))
    .orderBy(creatorApplications.id)
    .limit(500)
    .all();
}

/** Approving moves the user into `creator` in the same batch; the role bites on the user's next request. */
export async function reviewApplication(deps: Deps, actor: Viewer, id: number, decision: "approve" | "reject") {
  assertAdmin(actor);
  const application = await deps.db.select().from(creatorApplications).where(eq(creatorApplications.id, id)).get();
  if (!application) throw new DomainError("NOT_FOUND", "application");
  const status = decision === "approve" ? APPLICATION_STATUS.approved : APPLICATION_STATUS.rejected;
  const update = deps.db
    .update(creatorApplications)
    .set({ status, reviewedAt: deps.clock.now() })
    .where(eq(creatorApplications.id, id))
    .returning();
  if (decision === "reject") {
    await deps.db.batch([update, deps.db.delete(userGroups).where(and(eq(userGroups.userId, application.userId), inArray(userGroups.name, ["creator"])))]);
    return { ...application, status };
  }
  const joinCreators = deps.db.insert(userGroups).values({ userId: application.userId, name: "creator" }).onConflictDoNothing();
  if (application.status === APPLICATION_STATUS.approved) {
    await deps.db.batch([update, joinCreators]);
  } else {
    const approved = notification(deps, application.userId, { type: "creator_application_approved", actorId: actor.user.id, applicationId: id });
    const [, , recorded] = await deps.db.batch([update, joinCreators, approved.statement]);
    approved.afterCommit(recorded);
  }
  return { ...application, status };
}

import { and, asc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import {
  djangoTokenUses,
  maintenanceCursors,
  mfaTickets,
  notifications,
  oneTimeCodes,
  sessions,
} from "../../db/schema";
import { someUnseenTokensStand } from "../auth/django-tokens";
import { CODE_WINDOW_MS } from "../codes/one-time-code";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError } from "../errors";
import { NOTIFICATION_LIST_LIMIT } from "../notifications/list-notifications";

/**
 * Rows nothing can ever use again go in chunks: each statement deletes at most `chunk` rows,
 * and a run sends at most `statements` per kind, so the cron holds D1's only writer for short
 * statements whatever piled up; what is left waits for the next run.
 */
export interface PruneLimits {
  chunk: number;
  statements: number;
  /** Notifications examined per statement of the walk (examined, not deleted: most are kept). */
  notificationWindow: number;
}

export const PRUNE_LIMITS: PruneLimits = { chunk: 500, statements: 20, notificationWindow: 1000 };

export interface PruneReport {
  sessions: number;
  codes: number;
  tickets: number;
  notifications: number;
  djangoTokenUses: number;
}

const NOTIFICATION_WALK = "notifications";

export async function pruneExpired(
  ctx: Ctx,
  { now, limits = PRUNE_LIMITS }: { now: Date; limits?: PruneLimits },
): Promise<PruneReport> {
  if (ctx.actor.kind !== "system") throw new DomainError("FORBIDDEN", "not_admin");
  const { deps } = ctx;
  const { db } = deps;
  // Counted by RETURNING: D1's `changes` also counts the rows a foreign key cascade deleted.
  const chunked = (run: () => Promise<unknown[]>) => repeat(limits, async () => (await run()).length);
  // A code counts against its scope's cap until its window is over (one-time-code.ts), so only
  // codes that expired before the window began are dead for good; used ones go when used.
  const codesDeadBefore = new Date(now.getTime() - CODE_WINDOW_MS);
  return {
    // A session past its expiry authenticates nothing (resolve-viewer, refresh); its retired
    // refresh tokens go with it (foreign key cascade).
    sessions: await chunked(() =>
      db
        .delete(sessions)
        .where(
          inArray(
            sessions.id,
            db
              .select({ id: sessions.id })
              .from(sessions)
              .where(lte(sessions.expiresAt, now))
              .orderBy(asc(sessions.expiresAt))
              .limit(limits.chunk),
          ),
        )
        .returning({ id: sessions.id }),
    ),
    codes: await chunked(() =>
      db
        .delete(oneTimeCodes)
        .where(
          inArray(
            oneTimeCodes.id,
            db
              .select({ id: oneTimeCodes.id })
              .from(oneTimeCodes)
              .where(lt(oneTimeCodes.expiresAt, codesDeadBefore))
              .orderBy(asc(oneTimeCodes.expiresAt))
              .limit(limits.chunk),
          ),
        )
        .returning({ id: oneTimeCodes.id }),
    ),
    tickets: await chunked(() =>
      db
        .delete(mfaTickets)
        .where(
          inArray(
            mfaTickets.id,
            db
              .select({ id: mfaTickets.id })
              .from(mfaTickets)
              .where(lt(mfaTickets.expiresAt, now))
              .orderBy(asc(mfaTickets.expiresAt))
              .limit(limits.chunk),
          ),
        )
        .returning({ id: mfaTickets.id }),
    ),
    notifications: await pruneUnreachableNotifications(deps, limits),
    // A used SimpleJWT id matters only while its token could still become a session, and none can
    // once every imported user's `unseen` row has expired or gone (the import's token window is
    // over); until then the table holds at most one row per token presented in that window.
    djangoTokenUses: await chunked(() =>
      db
        .delete(djangoTokenUses)
        .where(
          and(
            inArray(
              djangoTokenUses.jti,
              db.select({ jti: djangoTokenUses.jti }).from(djangoTokenUses).limit(limits.chunk),
            ),
            sql`NOT ${someUnseenTokensStand(now)}`,
          ),
        )
        .returning({ jti: djangoTokenUses.jti }),
    ),
  };
}

/** Runs `run` until it deletes less than a full chunk, at most `statements` times; the rows it deleted. */
async function repeat(limits: PruneLimits, run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < limits.statements; i++) {
    const deleted = await run();
    total += deleted;
    if (deleted < limits.chunk) break;
  }
  return total;
}

/**
 * Every notification list (the Twimbol list, the live stream's replay) shows a user's newest
 * NOTIFICATION_LIST_LIMIT visible ones, and what is visible depends on switches per type that
 * the user may flip back. So a notification with that many newer ones of its own user and
 * type can never be shown again, whatever the switches: those go. The walk goes up the ids
 * from where the last run stopped, `notificationWindow` at a time, and starts over at the end;
 * each "that many newer" is an index range of at most NOTIFICATION_LIST_LIMIT entries.
 */
async function pruneUnreachableNotifications(deps: Deps, limits: PruneLimits): Promise<number> {
  const { db } = deps;
  const cursor = await db
    .select({ position: maintenanceCursors.position })
    .from(maintenanceCursors)
    .where(eq(maintenanceCursors.name, NOTIFICATION_WALK))
    .get();
  let from = cursor?.position ?? 0;
  let total = 0;
  for (let i = 0; i < limits.statements; i++) {
    const window = db
      .select({ id: notifications.id })
      .from(notifications)
      .where(gt(notifications.id, from))
      .orderBy(asc(notifications.id))
      .limit(limits.notificationWindow)
      .as("window");
    const edge = await db
      .select({ upto: sql<number | null>`max(${window.id})`, seen: sql<number>`count(*)` })
      .from(window)
      .get();
    const upto = edge?.upto ?? null;
    if (upto === null) {
      from = 0;
      break;
    }
    const n = notifications;
    const newer = sql`SELECT 1 FROM ${n} AS newer WHERE newer.user_id = ${n.userId} AND newer.notification_type = ${n.notificationType} AND newer.id > ${n.id} LIMIT 1 OFFSET ${NOTIFICATION_LIST_LIMIT - 1}`;
    const deleted = await db
      .delete(n)
      .where(and(gt(n.id, from), lte(n.id, upto), sql`EXISTS (${newer})`))
      .returning({ id: n.id });
    total += deleted.length;
    // A short window is the end of the table: the next run starts over.
    from = (edge?.seen ?? 0) < limits.notificationWindow ? 0 : upto;
    if (from === 0) break;
  }
  await db
    .insert(maintenanceCursors)
    .values({ name: NOTIFICATION_WALK, position: from })
    .onConflictDoUpdate({ target: maintenanceCursors.name, set: { position: from } });
  return total;
}

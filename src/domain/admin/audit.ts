import { desc, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { guardedInsert } from "../../db/guarded-insert";
import { adminAudit, type AdminAuditRow } from "../../db/schema";
import type { Viewer } from "../auth/viewer";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { keptCount } from "../lists/kept-counts";
import { readPage, type PageOutcome } from "../lists/page";
import { requireAdmin } from "../policy/ownership";

/** Where an admin action came from, as the surface saw the request; recorded beside it. */
export interface AdminOrigin {
  ip?: string;
}

export type AuditObject = "user" | "application" | "post";

export interface AuditEntry {
  action: string;
  objectType: AuditObject;
  objectId: number;
  detail?: Record<string, unknown>;
  /**
   * Write the row only if this holds when the batch reaches it: an action that two admins race
   * (a dismissal, a removal) is then logged once, by the batch that really did it.
   */
  onlyIf?: { from: SQLiteTable; where: SQL };
}

const DETAIL_MAX = 2000;

/**
 * The INSERT of one audit row. Every admin verb puts it in the batch of its own write, so
 * an action is on the log exactly when it happened, whichever surface asked for it.
 */
export function auditStatement(
  deps: Deps,
  admin: Viewer,
  origin: AdminOrigin | undefined,
  entry: AuditEntry,
) {
  return auditStatementBy(deps, admin.user, origin, entry);
}

/**
 * The same row for an actor that is not (or not yet) a signed-in admin: a panel sign-in,
 * or a failed one, whose actor is the account tried (id 0 when no such account exists).
 */
export function auditStatementBy(
  deps: Deps,
  actor: { id: number; username: string },
  origin: AdminOrigin | undefined,
  entry: AuditEntry,
) {
  const row = {
    actorId: actor.id,
    actorName: actor.username.slice(0, 150),
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    ip: (origin?.ip ?? "").slice(0, 64),
    detail: JSON.stringify(entry.detail ?? {}).slice(0, DETAIL_MAX),
    createdAt: deps.clock.now(),
  };
  return entry.onlyIf
    ? guardedInsert(deps.db, adminAudit, row, entry.onlyIf).returning({ id: adminAudit.id })
    : deps.db.insert(adminAudit).values(row).returning({ id: adminAudit.id });
}

export const AUDIT_PAGE_SIZE = 50;

/** The log, newest first: its kept count and one page in one batch. */
export function listAudit(ctx: Ctx, { page }: { page: number }): Promise<PageOutcome<AdminAuditRow>> {
  requireAdmin(ctx);
  const { db } = ctx.deps;
  return readPage(
    db,
    { page, pageSize: AUDIT_PAGE_SIZE },
    {
      count: keptCount(db, ["audit:all"]),
      rows: ({ limit, offset }) =>
        db.select().from(adminAudit).orderBy(desc(adminAudit.id)).limit(limit).offset(offset),
    },
  );
}

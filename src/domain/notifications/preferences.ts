import { eq } from "drizzle-orm";
import { notificationPreferences } from "../../db/schema";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { requireUser } from "../policy/ownership";
import type { NotificationPreferences, PreferenceFlag } from "./visibility";

export type PreferencesPatch = Partial<Record<PreferenceFlag, boolean>>;

const EVERYTHING_OFF: Record<PreferenceFlag, false> = {
  allNotifications: false,
  emailNotifications: false,
  pushNotifications: false,
  followNotifications: false,
  likesNotifications: false,
  commentsNotifications: false,
  newEventsNotifications: false,
  eventRemindersNotifications: false,
};

const byUser = (userId: number) => eq(notificationPreferences.userId, userId);

/** The caller's preferences, created with the defaults (all on) on first read. */
export async function getPreferences(ctx: Ctx): Promise<NotificationPreferences> {
  return preferencesOf(ctx.deps, requireUser(ctx).user.id);
}

async function preferencesOf(deps: Deps, userId: number): Promise<NotificationPreferences> {
  const existing = await deps.db.select().from(notificationPreferences).where(byUser(userId)).get();
  if (existing) return existing;
  const created = await deps.db
    .insert(notificationPreferences)
    .values({ userId })
    .onConflictDoNothing()
    .returning()
    .get();
  // A concurrent first read may have created it between the two statements.
  return created ?? (await deps.db.select().from(notificationPreferences).where(byUser(userId)).get())!;
}

/**
 * Applies a partial update. Seed 004 §9: with `all_notifications` off every other
 * flag is off too; that holds as an invariant (as a model `save()` would enforce), so
 * a flag switched on while everything is off stays off until `all` is on again.
 */
export async function updatePreferences(ctx: Ctx, patch: PreferencesPatch): Promise<NotificationPreferences> {
  const userId = requireUser(ctx).user.id;
  const { deps } = ctx;
  const current = await preferencesOf(deps, userId);
  const given = Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as PreferencesPatch;
  const allOn = given.allNotifications ?? current.allNotifications;
  const changes = allOn ? given : EVERYTHING_OFF;
  if (!Object.keys(changes).length) return current;
  return (await deps.db
    .update(notificationPreferences)
    .set(changes)
    .where(byUser(userId))
    .returning()
    .get())!;
}

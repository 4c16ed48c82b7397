import { users, type UserRow } from "../../db/schema";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { requireAdmin } from "../policy/ownership";
import { normalizeUsername } from "../users/account-rules";
import { standingAccount } from "../users/erase-account";
import type { OwnerField, UserPatch } from "../users/fields";
import { adminEdit } from "../users/update-user";
import type { AdminOrigin } from "./audit";

/** What the panel's change form edits: the fields a user edits themself, as text. */
export type AdminAccountChanges = Partial<
  Record<
    Extract<
      OwnerField,
      | "username"
      | "email"
      | "firstName"
      | "lastName"
      | "displayName"
      | "bio"
      | "location"
      | "phone"
      | "homePage"
    >,
    string | null
  >
>;

/**
 * The panel's change form: the one admin edit (the registry's rules, the unique checks, an email
 * change unverified until its owner proves it), given only the fields whose values changed, and
 * audited as `user.edit` with their names (and the username before and after), as Django's
 * change message names the fields, not their values.
 */
export async function adminEditAccount(
  ctx: Ctx,
  { userId, changes, origin }: { userId: number; changes: AdminAccountChanges; origin?: AdminOrigin },
): Promise<UserRow> {
  requireAdmin(ctx);
  const target = Number.isSafeInteger(userId)
    ? await ctx.deps.db.select().from(users).where(standingAccount(userId)).get()
    : undefined;
  if (!target) throw new DomainError("NOT_FOUND", "user");
  const patch: UserPatch = {};
  for (const [key, raw] of Object.entries(changes) as [
    keyof AdminAccountChanges,
    string | null | undefined,
  ][]) {
    if (raw === undefined) continue;
    const value =
      key === "username" ? normalizeUsername(raw ?? "") : key === "email" ? raw?.trim() || null : raw;
    if (value !== target[key]) Object.assign(patch, { [key]: value });
  }
  const fields = Object.keys(patch);
  if (!fields.length) return target;
  const detail = {
    fields,
    ...(patch.username ? { username: { from: target.username, to: patch.username } } : {}),
  };
  const { user } = await adminEdit(ctx, {
    by: "admin",
    userId,
    patch,
    origin,
    audit: { action: "user.edit", detail },
  });
  return user;
}

import { and, eq } from "drizzle-orm";
import { users } from "../../db/schema";

/**
 * Whether an account may be seen, found or reached by anyone else: not deactivated
 * (neither Django's `is_active` nor Twimbol's `user_status`) and not banned. Every read
 * of another account (leaderboard, follow and block targets, parental links) goes
 * through one of these two forms, so a ban hides the account everywhere a deactivation does.
 */
export const visibleAccount = () =>
  and(eq(users.isActive, true), eq(users.userStatus, true), eq(users.isBanned, false));

export const isVisibleAccount = (user: { isActive: boolean; userStatus: boolean; isBanned: boolean }) =>
  user.isActive && user.userStatus && !user.isBanned;

/**
 * Whether the owner may still sign in (and so reset a forgotten password): a Twimbol
 * deactivation hides the account from others but is undone by the next login, so it
 * must not stand in the way of one.
 */
export const signInAllowed = () => and(eq(users.isActive, true), eq(users.isBanned, false));

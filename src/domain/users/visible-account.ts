import { and, eq } from "drizzle-orm";
import { users } from "../../db/schema";

/**
 * Whether an account may be seen, found or reached by anyone else: not deactivated and
 * not banned. Every read of another account (leaderboard, follow and block targets,
 * reset codes, parental links) goes through one of these two forms, so a ban hides the
 * account everywhere a deactivation does.
 */
export const visibleAccount = () => and(eq(users.isActive, true), eq(users.isBanned, false));

export const isVisibleAccount = (user: { isActive: boolean; isBanned: boolean }) => user.isActive && !user.isBanned;

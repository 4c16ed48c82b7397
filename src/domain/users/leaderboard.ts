import { asc, desc } from "drizzle-orm";
import { users } from "../../db/schema";
import type { Deps } from "../deps";
import { visibleAccount } from "./visible-account";

export interface LeaderboardEntry {
  id: number;
  username: string;
  avatarKey: string | null;
  score: number;
  rank: number;
}

/** The most entries one read returns, asked for or not: the board grows with the user base. */
export const LEADERBOARD_MAX_PAGE = 100;

export interface LeaderboardPage {
  entries: LeaderboardEntry[];
  /** Where the following page starts, or null when this one reaches the end. */
  next: { limit: number; offset: number } | null;
}

/**
 * Visible users by score, then id; rank is the position (1-based) in that order, so it
 * stays absolute whatever the offset. One query: a row past the page tells whether
 * there is a next one.
 */
export async function leaderboard(deps: Deps, page: { limit?: number; offset?: number } = {}): Promise<LeaderboardPage> {
  const limit = Math.min(page.limit ?? LEADERBOARD_MAX_PAGE, LEADERBOARD_MAX_PAGE);
  const offset = page.offset ?? 0;
  const rows = await deps.db
    .select({ id: users.id, username: users.username, avatarKey: users.avatarKey, score: users.score })
    .from(users)
    .where(visibleAccount())
    .orderBy(desc(users.score), asc(users.id))
    .limit(limit + 1)
    .offset(offset)
    .all();
  const entries = rows.slice(0, limit).map((row, i) => ({ ...row, rank: offset + i + 1 }));
  return { entries, next: rows.length > limit ? { limit, offset: offset + limit } : null };
}

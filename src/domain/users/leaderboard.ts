import { asc, desc } from "drizzle-orm";
import { users } from "../../db/schema";
import type { Ctx } from "../context";
import { readSlice, type SliceRequest } from "../lists/page";
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
  next: SliceRequest | null;
}

/**
 * Visible users by score, then id; rank is the position (1-based) in that order, so it
 * stays absolute whatever the offset. One query: the board is a slice, with no count.
 */
export async function leaderboard(
  { deps }: Ctx,
  page: { limit?: number; offset?: number } = {},
): Promise<LeaderboardPage> {
  const limit = Math.min(page.limit ?? LEADERBOARD_MAX_PAGE, LEADERBOARD_MAX_PAGE);
  const offset = page.offset ?? 0;
  const { rows, next } = await readSlice({ limit, offset }, (slice) =>
    deps.db
      .select({ id: users.id, username: users.username, avatarKey: users.avatarKey, score: users.score })
      .from(users)
      .where(visibleAccount())
      .orderBy(desc(users.score), asc(users.id))
      .limit(slice.limit)
      .offset(slice.offset),
  );
  return { entries: rows.map((row, i) => ({ ...row, rank: offset + i + 1 })), next };
}

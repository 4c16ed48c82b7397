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

/** Active users by score, then id; rank is the position (1-based) in that order. */
export async function leaderboard(deps: Deps, page: { limit?: number; offset?: number } = {}): Promise<LeaderboardEntry[]> {
  const offset = page.offset ?? 0;
  let query = deps.db
    .select({ id: users.id, username: users.username, avatarKey: users.avatarKey, score: users.score })
    .from(users)
    .where(visibleAccount())
    .orderBy(desc(users.score), asc(users.id))
    .$dynamic();
  if (page.limit !== undefined) query = query.limit(page.limit).offset(offset);
  const rows = await query.all();
  return rows.map((row, i) => ({ ...row, rank: offset + i + 1 }));
}

import type { UserRow } from "../../domain/users/account";
import type { LeaderboardEntry } from "../../domain/users/leaderboard";
import type { Presenter } from "../../http/presenter";

export const toGameUser = (user: UserRow, p: Presenter) => ({
  id: user.id,
  username: user.username,
  avatar: p.media(user.avatarKey),
  email: user.email ?? "",
  first_name: user.firstName,
  last_name: user.lastName,
  score: user.score,
  // The original counted its games table; this service keeps no games, so no one has won or lost one yet.
  total_wins: 0,
  total_losses: 0,
  date_joined: user.dateJoined.toISOString(),
  last_login: user.lastLogin?.toISOString() ?? null,
});

export const toLeaderboardEntry = (entry: LeaderboardEntry, p: Presenter) => ({
  id: entry.id,
  username: entry.username,
  avatar: p.media(entry.avatarKey),
  score: entry.score,
  rank: entry.rank,
});

export const idMessage = (user: { id: number; username: string }, message: string) => ({
  id: user.id,
  username: user.username,
  message,
});

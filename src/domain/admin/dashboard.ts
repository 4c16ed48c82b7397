import { inArray } from "drizzle-orm";
import { listCounts } from "../../db/schema";
import type { Ctx } from "../context";
import { requireAdmin } from "../policy/ownership";

const DAY_MS = 86_400_000;
export const SIGNUP_DAYS = 30;

export interface DashboardCounts {
  usersActive: number;
  usersBanned: number;
  joinedToday: number;
  joinedThisWeek: number;
  posts: number;
  reels: number;
  videos: number;
  pendingApplications: number;
  openReports: number;
  reportedPosts: number;
  /** Sign-ups per UTC day, oldest first, SIGNUP_DAYS entries ending today. */
  signups: { day: Date; count: number }[];
}

const REELS = ["reel", "youtube_reel"] as const;
const VIDEOS = ["video", "youtube_video"] as const;

/**
 * Every figure of the dashboard in one statement: kept counts (list_counts, migrations 0021 and
 * 0026), one row per figure and per sign-up day, whatever the number of users or posts.
 * "This week" is the last seven UTC days, today included, as the sign-ups are kept per day.
 */
export async function dashboardCounts(ctx: Ctx): Promise<DashboardCounts> {
  requireAdmin(ctx);
  const { db, clock } = ctx.deps;
  const today = Math.floor(clock.now().getTime() / DAY_MS);
  const days = Array.from({ length: SIGNUP_DAYS }, (_, i) => today - (SIGNUP_DAYS - 1) + i);
  const dayName = (day: number) => `signups:${day}`;
  const names = [
    "users:active",
    "users:banned",
    ...REELS.map((t) => `content:${t}`),
    ...VIDEOS.map((t) => `content:${t}`),
    "content:post",
    "applications:pending",
    "reports:open",
    "reports:open_posts",
    ...days.map(dayName),
  ];
  const rows = await db
    .select({ name: listCounts.name, n: listCounts.n })
    .from(listCounts)
    .where(inArray(listCounts.name, names));
  const kept = new Map(rows.map((r) => [r.name, Number(r.n)]));
  const n = (...keys: string[]) => keys.reduce((sum, key) => sum + (kept.get(key) ?? 0), 0);
  const signups = days.map((day) => ({ day: new Date(day * DAY_MS), count: n(dayName(day)) }));
  return {
    usersActive: n("users:active"),
    usersBanned: n("users:banned"),
    joinedToday: n(dayName(today)),
    joinedThisWeek: n(...days.slice(-7).map(dayName)),
    posts: n("content:post"),
    reels: n(...REELS.map((t) => `content:${t}`)),
    videos: n(...VIDEOS.map((t) => `content:${t}`)),
    pendingApplications: n("applications:pending"),
    openReports: n("reports:open"),
    reportedPosts: n("reports:open_posts"),
    signups,
  };
}

import { and, count, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { creatorApplications, postReports, posts, users } from "../../db/schema";
import type { Ctx } from "../context";
import { APPLICATION_STATUS } from "../creators/applications";
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

/** Every figure of the dashboard in one batch of fixed statements. */
export async function dashboardCounts(ctx: Ctx): Promise<DashboardCounts> {
  requireAdmin(ctx);
  const { db, clock } = ctx.deps;
  const now = clock.now().getTime();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const firstDay = today - (SIGNUP_DAYS - 1) * DAY_MS;
  const n = (rows: { count: number }[]) => Number(rows[0]?.count ?? 0);
  // A literal, not a bound parameter: D1 binds a JS number as REAL, and the division must stay an integer one.
  const dayOf = sql<number>`${users.dateJoined} / ${sql.raw(String(DAY_MS))}`;
  const [active, banned, joinedToday, joinedWeek, postRows, reelRows, videoRows, pending, reports, days] = await db.batch([
    db.select({ count: count() }).from(users).where(and(eq(users.isActive, true), eq(users.isBanned, false))),
    db.select({ count: count() }).from(users).where(eq(users.isBanned, true)),
    db.select({ count: count() }).from(users).where(gte(users.dateJoined, new Date(today))),
    db.select({ count: count() }).from(users).where(gte(users.dateJoined, new Date(now - 7 * DAY_MS))),
    db.select({ count: count() }).from(posts).where(eq(posts.postType, "post")),
    db.select({ count: count() }).from(posts).where(inArray(posts.postType, [...REELS])),
    db.select({ count: count() }).from(posts).where(inArray(posts.postType, [...VIDEOS])),
    db.select({ count: count() }).from(creatorApplications).where(eq(creatorApplications.status, APPLICATION_STATUS.pending)),
    db.select({ count: count(), posts: sql<number>`count(DISTINCT ${postReports.postId})` }).from(postReports).where(isNull(postReports.dismissedAt)),
    db
      .select({ day: dayOf, count: count() })
      .from(users)
      .where(gte(users.dateJoined, new Date(firstDay)))
      .groupBy(dayOf),
  ]);
  const perDay = new Map(days.map((d) => [Number(d.day), Number(d.count)]));
  const signups = Array.from({ length: SIGNUP_DAYS }, (_, i) => {
    const day = firstDay + i * DAY_MS;
    return { day: new Date(day), count: perDay.get(day / DAY_MS) ?? 0 };
  });
  return {
    usersActive: n(active),
    usersBanned: n(banned),
    joinedToday: n(joinedToday),
    joinedThisWeek: n(joinedWeek),
    posts: n(postRows),
    reels: n(reelRows),
    videos: n(videoRows),
    pendingApplications: n(pending),
    openReports: n(reports),
    reportedPosts: Number(reports[0]?.posts ?? 0),
    signups,
  };
}

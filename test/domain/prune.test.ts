import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  djangoTokenUses,
  mfaTickets,
  notifications,
  oneTimeCodes,
  retiredRefreshTokens,
  sessions,
} from "../../src/db/schema";
import { unseenTokensKey } from "../../src/domain/auth/django-tokens";
import { CODE_WINDOW_MS } from "../../src/domain/codes/one-time-code";
import { systemCtx } from "../../src/domain/context";
import { pruneExpired } from "../../src/domain/maintenance/prune";
import { NOTIFICATION_LIST_LIMIT } from "../../src/domain/notifications/list-notifications";
import worker from "../../src/index";
import { makeUser, testDeps } from "../helpers/factories";

const MINUTE = 60_000;
const db = () => testDeps().db;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${crypto.randomUUID()}-${seq++}`;

async function addSession(userId: number, expiresAt: number) {
  const [row] = await db()
    .insert(sessions)
    .values({
      userId,
      kind: "token",
      secretHash: unique("s"),
      handle: unique("h"),
      createdAt: new Date(expiresAt - 60 * MINUTE),
      expiresAt: new Date(expiresAt),
    })
    .returning({ id: sessions.id });
  return row!.id;
}

async function addCode(userId: number, expiresAt: number) {
  const [row] = await db()
    .insert(oneTimeCodes)
    .values({
      purpose: "password_reset",
      userId,
      codeHash: unique("c"),
      createdAt: new Date(expiresAt - 10 * MINUTE),
      expiresAt: new Date(expiresAt),
    })
    .returning({ id: oneTimeCodes.id });
  return row!.id;
}

async function addTicket(userId: number, expiresAt: number) {
  const [row] = await db()
    .insert(mfaTickets)
    .values({
      tokenHash: unique("t"),
      userId,
      route: "twimbol",
      kind: "token",
      credentialsVersion: 0,
      passwordHash: "x",
      expiresAt: new Date(expiresAt),
    })
    .returning({ id: mfaTickets.id });
  return row!.id;
}

/** `count` notifications of one type for a user, oldest first; their ids in that order. */
async function addNotifications(userId: number, type: "like" | "follow", count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({
    userId,
    event: "legacy" as const,
    notificationType: type,
    legacyMessage: `${type} ${i}`,
    createdAt: new Date(Date.now() - count + i),
  }));
  const ids: number[] = [];
  // D1 caps bound parameters per statement: a few rows at a time.
  for (let i = 0; i < rows.length; i += 10)
    ids.push(
      ...(
        await db()
          .insert(notifications)
          .values(rows.slice(i, i + 10))
          .returning({ id: notifications.id })
      ).map((r) => r.id),
    );
  return ids;
}

const idsOf = async (table: typeof sessions | typeof oneTimeCodes | typeof mfaTickets, userId: number) =>
  (
    await db().select({ id: table.id }).from(table).where(eq(table.userId, userId)).orderBy(asc(table.id))
  ).map((r) => r.id);

const notificationIds = async (userId: number) =>
  (
    await db()
      .select({ id: notifications.id })
      .from(notifications)
      .where(eq(notifications.userId, userId))
      .orderBy(asc(notifications.id))
  ).map((r) => r.id);

async function runCron(now: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const rowCount = async () => {
  const counts = await Promise.all(
    [sessions, oneTimeCodes, mfaTickets, notifications].map((t) => db().$count(t)),
  );
  return counts.reduce((x, y) => x + y, 0);
};

/** Runs the cron until a run prunes nothing (the notification walk may need a lap to come round). */
async function runCronUntilDone(now: number) {
  let before = await rowCount();
  for (let run = 0; run < 50; run++) {
    await runCron(now);
    const after = await rowCount();
    if (after === before && run > 0) return;
    before = after;
  }
  throw new Error("the cron never finished pruning");
}

describe("the cron prunes what nothing can use again, and nothing else", () => {
  it("expired sessions (with their retired tokens), dead codes, expired tickets, unreachable notifications", async () => {
    const now = Date.now();
    const a = await makeUser();
    const b = await makeUser();

    const expiredSession = await addSession(a.id, now - 1);
    const liveSession = await addSession(a.id, now + 60 * MINUTE);
    await db()
      .insert(retiredRefreshTokens)
      .values([
        { tokenHash: unique("r"), sessionId: expiredSession, retiredAt: new Date(now - MINUTE) },
        { tokenHash: unique("r"), sessionId: liveSession, retiredAt: new Date(now - MINUTE) },
      ]);
    // Past its window a code no longer counts against the cap; inside it, it still does.
    const deadCode = await addCode(a.id, now - CODE_WINDOW_MS - MINUTE);
    const countingCode = await addCode(a.id, now - 30 * MINUTE);
    const liveCode = await addCode(a.id, now + 5 * MINUTE);
    const expiredTicket = await addTicket(a.id, now - 1);
    const liveTicket = await addTicket(a.id, now + 5 * MINUTE);

    // a: the oldest follows are far down the list, but with likes switched off they are the
    // newest visible, so they stay; only likes with a full list of newer likes go.
    const follows = await addNotifications(a.id, "follow", 3);
    const likes = await addNotifications(a.id, "like", NOTIFICATION_LIST_LIMIT + 5);
    // b: exactly a full list: nothing goes.
    const bLikes = await addNotifications(b.id, "like", NOTIFICATION_LIST_LIMIT);

    await runCronUntilDone(now);

    expect(await idsOf(sessions, a.id)).toEqual([liveSession]);
    const tokens = await db()
      .select({ sessionId: retiredRefreshTokens.sessionId })
      .from(retiredRefreshTokens)
      .where(inArray(retiredRefreshTokens.sessionId, [expiredSession, liveSession]));
    expect(tokens).toEqual([{ sessionId: liveSession }]);
    expect(await idsOf(oneTimeCodes, a.id)).toEqual([countingCode, liveCode]);
    expect(await idsOf(mfaTickets, a.id)).toEqual([liveTicket]);
    expect(deadCode).toBeLessThan(countingCode);
    expect(expiredTicket).toBeLessThan(liveTicket);
    expect(await notificationIds(a.id)).toEqual([...follows, ...likes.slice(5)]);
    expect(await notificationIds(b.id)).toEqual(bLikes);
  });

  it("goes in bounded chunks: a run deletes at most chunk × statements rows of a kind, the next goes on", async () => {
    const now = Date.now();
    const u = await makeUser();
    const expired = [];
    for (let i = 0; i < 7; i++) expired.push(await addSession(u.id, now - 1 - i));
    const limits = { chunk: 2, statements: 2, notificationWindow: 3 };
    const first = await pruneExpired(systemCtx(testDeps()), { now: new Date(now), limits });
    expect(first.sessions).toBe(4);
    expect(first.notifications).toBeLessThanOrEqual(2 * 3);
    for (let run = 0; run < 20 && (await idsOf(sessions, u.id)).length; run++) {
      const report = await pruneExpired(systemCtx(testDeps()), { now: new Date(now), limits });
      expect(report.sessions).toBeLessThanOrEqual(4);
    }
    expect(await idsOf(sessions, u.id)).toEqual([]);
  });

  it("used SimpleJWT ids go, a bounded chunk at a time, once no imported user's unseen row stands; not before", async () => {
    const now = Date.now();
    const u = await makeUser();
    await db().delete(djangoTokenUses);
    await db()
      .delete(sessions)
      .where(sql`${sessions.secretHash} LIKE 'django:unseen:%'`);
    await db()
      .insert(sessions)
      .values({
        userId: u.id,
        kind: "token",
        secretHash: unseenTokensKey(u.id),
        handle: unique("h"),
        createdAt: new Date(now - 60 * MINUTE),
        expiresAt: new Date(now + MINUTE),
        django: "unseen",
      });
    const jtis = Array.from({ length: 7 }, () => unique("jti"));
    for (const jti of jtis)
      await db()
        .insert(djangoTokenUses)
        .values({ jti, usedAt: new Date(now - 30 * MINUTE) });
    const limits = { chunk: 2, statements: 2, notificationWindow: 3 };
    // The unseen row stands: a used token presented again must still be refused, so every record stays.
    expect((await pruneExpired(systemCtx(testDeps()), { now: new Date(now), limits })).djangoTokenUses).toBe(
      0,
    );
    expect(await db().$count(djangoTokenUses)).toBe(7);
    // Its window over (the same run prunes the expired unseen row first): chunk × statements a run.
    const later = new Date(now + 2 * MINUTE);
    expect((await pruneExpired(systemCtx(testDeps()), { now: later, limits })).djangoTokenUses).toBe(4);
    expect(await db().$count(djangoTokenUses)).toBe(3);
    expect((await pruneExpired(systemCtx(testDeps()), { now: later, limits })).djangoTokenUses).toBe(3);
    expect(await db().$count(djangoTokenUses)).toBe(0);
  });
});

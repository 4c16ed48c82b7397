// src/db/guarded-insert.ts: INSERT … SELECT … FROM … WHERE, with literal values in table column order.
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { guardedInsert } from "../../src/db/guarded-insert";
import { notifications, users } from "../../src/db/schema";
import { makeUser, testDeps } from "../helpers/factories";

const AT = new Date("2026-01-02T03:04:05.678Z");

const row = (id: number) => env.DB.prepare("SELECT * FROM notifications WHERE id = ?").bind(id).first();

describe("guardedInsert", () => {
  it("refuses to build an insert without a guard, which would copy the row once per source row", () => {
    const { db } = testDeps();
    expect(() =>
      guardedInsert(
        db,
        notifications,
        { userId: users.id, legacyMessage: "", createdAt: AT },
        { from: users, where: and() },
      ),
    ).toThrow("guardedInsert needs a where");
  });

  it("inserts one row per source row the guard picks, each value encoded as its column stores it", async () => {
    const { db } = testDeps();
    const u = await makeUser();
    const [inserted] = await guardedInsert(
      db,
      notifications,
      {
        userId: users.id,
        event: "follow",
        actorId: 7,
        data: { username: "jane" },
        legacyMessage: "",
        isRead: true,
        createdAt: AT,
      },
      { from: users, where: eq(users.id, u.id) },
    ).returning();
    expect(inserted).toMatchObject({
      userId: u.id,
      event: "follow",
      actorId: 7,
      data: { username: "jane" },
      isRead: true,
      createdAt: AT,
    });
    expect(await row(inserted!.id)).toEqual({
      id: inserted!.id,
      user_id: u.id,
      event: "follow",
      actor_id: 7,
      object_kind: null,
      object_id: null,
      data: '{"username":"jane"}',
      // Not given: the column's default.
      notification_type: "general",
      message: "",
      page: null,
      page_item_id: null,
      is_read: 1,
      created_at: AT.getTime(),
    });
  });

  it("inserts nothing when the guard does not hold", async () => {
    const { db } = testDeps();
    const u = await makeUser();
    const values = { userId: users.id, legacyMessage: "never", createdAt: AT };
    const none = await guardedInsert(db, notifications, values, {
      from: users,
      where: and(eq(users.id, u.id), sql`0`),
    }).returning();
    expect(none).toEqual([]);
    const unknown = await guardedInsert(db, notifications, values, {
      from: users,
      where: eq(users.id, 2 ** 31),
    }).returning();
    expect(unknown).toEqual([]);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM notifications WHERE message = 'never'").first("n"),
    ).toBe(0);
  });

  it("defaults a missing value, leaves the id to SQLite, and selects every column in table order", async () => {
    const { db } = testDeps();
    const u = await makeUser();
    const statement = guardedInsert(
      db,
      notifications,
      { userId: users.id, legacyMessage: "hi", createdAt: AT },
      { from: users, where: eq(users.id, u.id) },
    );
    const { sql: text, params } = statement.toSQL();
    expect(text).toMatch(
      /^insert into "notifications" \("id", "user_id", "event", "actor_id", "object_kind", "object_id", "data", "notification_type", "message", "page", "page_item_id", "is_read", "created_at"\) select NULL as "id", "id" as "user_id", \? as "event", NULL as "actor_id", NULL as "object_kind", NULL as "object_id", NULL as "data", \? as "notification_type", \? as "message", NULL as "page", NULL as "page_item_id", \? as "is_read", \? as "created_at" from "users" where "users"\."id" = \?$/,
    );
    expect(params).toEqual(["legacy", "general", "hi", 0, AT.getTime(), u.id]);
    const [a] = await statement.returning({ id: notifications.id });
    const [b] = await guardedInsert(
      db,
      notifications,
      { userId: users.id, legacyMessage: "hi", createdAt: AT },
      { from: users, where: eq(users.id, u.id) },
    ).returning({ id: notifications.id });
    expect(b!.id).toBeGreaterThan(a!.id);
    expect(await row(a!.id)).toMatchObject({
      event: "legacy",
      notification_type: "general",
      is_read: 0,
      actor_id: null,
      data: null,
    });
  });
});

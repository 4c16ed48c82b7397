import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type QueryCounter } from "../../../src/db/client";
import { blocks, follows } from "../../../src/db/schema";
import { loadViewerFlags, USER_FLAGS } from "../../../src/domain/lists/viewer-flags";
import { makeUser, testDeps } from "../../helpers/factories";

const counted = () => {
  const counter: QueryCounter = { count: 0 };
  return { db: createDb(env.DB, counter), counter };
};

/** Stands in for the likes, hides and reports tables a post list will add: one table, a kind per mark. */
const marks = sqliteTable("viewer_flag_test_marks", {
  userId: integer("user_id").notNull(),
  postId: integer("post_id").notNull(),
  kind: text("kind").notNull(),
});
const POST_FLAGS = {
  liked: { table: marks, viewer: marks.userId, target: marks.postId, where: eq(marks.kind, "like") },
  hidden: { table: marks, viewer: marks.userId, target: marks.postId, where: eq(marks.kind, "hide") },
};

describe("loadViewerFlags", () => {
  let viewer: number;
  let others: number[];

  beforeAll(async () => {
    const deps = testDeps();
    const made = await Promise.all(Array.from({ length: 5 }, () => makeUser({}, deps)));
    viewer = made[0]!.id;
    others = made.slice(1).map((u) => u.id);
    const [a, b, c] = others as [number, number, number];
    const now = new Date();
    // SQL, not toggleFollow/toggleBlock: the verbs end a follow when either side blocks, and
    // the loader must still tell "b follows the viewer" from "the viewer follows b" beside a block.
    await deps.db.batch([
      deps.db.insert(follows).values([
        { followerId: viewer, followeeId: a, createdAt: now },
        { followerId: b, followeeId: viewer, createdAt: now },
      ]),
      deps.db.insert(blocks).values([
        { blockerId: viewer, blockedId: b, createdAt: now },
        { blockerId: c, blockedId: viewer, createdAt: now },
        { blockerId: a, blockedId: b, createdAt: now },
      ]),
    ]);
  });

  it("what the viewer is to each user of a page, in one D1 statement", async () => {
    const { db, counter } = counted();
    const [a, b, c, d] = others as [number, number, number, number];
    const flags = await loadViewerFlags(db, viewer, [a, b, c, d], USER_FLAGS);
    expect(counter.count).toBe(1);
    expect(Object.fromEntries(flags)).toEqual({
      [a]: { follows: true, blocked: false, blockedBy: false },
      // b follows the viewer: that is not the viewer following b.
      [b]: { follows: false, blocked: true, blockedBy: false },
      [c]: { follows: false, blocked: false, blockedBy: true },
      [d]: { follows: false, blocked: false, blockedBy: false },
    });
  });

  it("one statement at every page size, past D1's 100 bound parameters; unknown and repeated ids answered once", async () => {
    const { db, counter } = counted();
    const ids = [...Array.from({ length: 150 }, (_, i) => 10_000_000 + i), others[0]!, others[0]!];
    const flags = await loadViewerFlags(db, viewer, ids, USER_FLAGS);
    expect(counter.count).toBe(1);
    expect(flags.size).toBe(151);
    expect(flags.get(10_000_000)).toEqual({ follows: false, blocked: false, blockedBy: false });
    expect(flags.get(others[0]!)).toEqual({ follows: true, blocked: false, blockedBy: false });
  });

  it("an anonymous viewer, or an empty page, is all false without a query", async () => {
    const { db, counter } = counted();
    for (const anonymous of [null, undefined]) {
      const flags = await loadViewerFlags(db, anonymous, others, USER_FLAGS);
      expect([...flags.values()]).toEqual(
        others.map(() => ({ follows: false, blocked: false, blockedBy: false })),
      );
    }
    expect((await loadViewerFlags(db, viewer, [], USER_FLAGS)).size).toBe(0);
    expect(counter.count).toBe(0);
  });

  it("more flags, from other tables or narrowed by a condition, stay in the same single statement", async () => {
    await env.DB.prepare(
      "CREATE TABLE IF NOT EXISTS viewer_flag_test_marks (user_id INTEGER NOT NULL, post_id INTEGER NOT NULL, kind TEXT NOT NULL)",
    ).run();
    await env.DB.batch([
      env.DB.prepare("DELETE FROM viewer_flag_test_marks"),
      env.DB.prepare(
        "INSERT INTO viewer_flag_test_marks VALUES (?, 1, 'like'), (?, 2, 'hide'), (?, 3, 'like')",
      ).bind(viewer, viewer, others[0]!),
    ]);
    const { db, counter } = counted();
    const flags = await loadViewerFlags(db, viewer, [1, 2, 3], {
      ...POST_FLAGS,
      followsAuthor: USER_FLAGS.follows,
    });
    expect(counter.count).toBe(1);
    expect(flags.get(1)).toMatchObject({ liked: true, hidden: false });
    expect(flags.get(2)).toMatchObject({ liked: false, hidden: true });
    // Another user's like is not the viewer's.
    expect(flags.get(3)).toMatchObject({ liked: false, hidden: false });
  });
});

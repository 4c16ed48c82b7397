// migrations/0007_notification_events_backfill.sql: notifications stored as Twimbol's English become events.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makeUserWithToken } from "../helpers/factories";

const backfill = () => {
  const migration = env.TEST_MIGRATIONS.find((m) => m.name.includes("notification_events_backfill"));
  if (!migration) throw new Error("backfill migration not found");
  return env.DB.batch(migration.queries.map((q) => env.DB.prepare(q)));
};

/** A row as the code before events wrote it: only the columns it knew (the new ones take their defaults). */
const oldRow = (
  userId: number,
  message: string,
  type: string,
  page: string | null,
  pageItemId: number | null,
) =>
  env.DB.prepare(
    "INSERT INTO notifications (user_id, message, notification_type, page, page_item_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  )
    .bind(userId, message, type, page, pageItemId, Date.UTC(2025, 0, 15, 10))
    .run();

const storedOf = (userId: number) =>
  env.DB.prepare(
    "SELECT event, actor_id, object_kind, object_id, data, message, page, page_item_id FROM notifications WHERE user_id = ? ORDER BY id",
  )
    .bind(userId)
    .all();

describe("notification events backfill", () => {
  it("shows a row whose event this code does not know (a later version's, after a rollback) as its stored text", async () => {
    const u = await makeUserWithToken();
    await env.DB.prepare(
      "INSERT INTO notifications (user_id, event, message, notification_type, page, page_item_id, created_at) VALUES (?, 'a_later_event', 'Reel uploaded!', 'general', 'reel', 5, ?)",
    )
      .bind(u.id, Date.UTC(2025, 0, 15, 10))
      .run();
    const list = await new Client().withToken(u.access).get("/api/notifications/");
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        id: expect.any(Number),
        message: "Reel uploaded!",
        created_at: "2025-01-15T10:00:00.000Z",
        is_read: false,
        page: "reel",
        page_item_id: 5,
        notification_type: "general",
      },
    ]);
  });

  it("turns each text the old code wrote into its event, keeps every other row verbatim, and the list is byte-identical", async () => {
    const tag = Date.now().toString(36);
    const u = await makeUserWithToken({ username: `Ünï_${tag}`, email: `uni_${tag}@example.com` });
    const client = new Client().withToken(u.access);
    const welcome = `Welcome ${u.username}! Your account has been successfully created.`;
    // makeUser registers without the Twimbol welcome: these rows are all there is.
    await oldRow(u.id, welcome, "general", "profile", null);
    await oldRow(u.id, "jane doe started following you.", "follow", "profile", 42);
    await oldRow(
      u.id,
      "Congratulations! Your creator application has been approved.",
      "general",
      "creator",
      9,
    );
    // Near misses stay legacy: a different type, page or link, case, or text around the words.
    await oldRow(u.id, "jane started following you.", "general", "profile", 42);
    await oldRow(u.id, " started following you.", "follow", "profile", 42);
    await oldRow(u.id, welcome, "general", "profile", 3);
    await oldRow(u.id, "Welcome ! Your account has been successfully created.", "general", "profile", null);
    await oldRow(
      u.id,
      "congratulations! Your creator application has been approved.",
      "general",
      "creator",
      9,
    );
    await oldRow(
      u.id,
      "Congratulations! Your creator application has been approved. ",
      "general",
      "creator",
      9,
    );
    await oldRow(
      u.id,
      "Congratulations! Your creator application has been approved.",
      "general",
      "creator",
      null,
    );
    await oldRow(u.id, "bob liked your post.", "like", "post", 12);

    // Before the backfill (rows written by a worker still on the old code during a deploy) every row shows verbatim.
    const before = await client.get("/api/notifications/");
    expect(before.status).toBe(200);
    expect(before.body).toHaveLength(11);
    await backfill();
    const after = await client.get("/api/notifications/");
    expect(JSON.stringify(after.body)).toBe(JSON.stringify(before.body));
    expect(after.body.at(-1)).toEqual({
      id: expect.any(Number),
      message: welcome,
      created_at: "2025-01-15T10:00:00.000Z",
      is_read: false,
      page: "profile",
      page_item_id: null,
      notification_type: "general",
    });

    const legacy = (message: string, page: string, pageItemId: number | null) => ({
      event: "legacy",
      actor_id: null,
      object_kind: null,
      object_id: null,
      data: null,
      message,
      page,
      page_item_id: pageItemId,
    });
    // Converted rows keep their old text, link and page: a Worker on the code before events still reads them.
    const converted = { object_kind: null, object_id: null };
    expect((await storedOf(u.id)).results).toEqual([
      {
        ...converted,
        event: "welcome",
        actor_id: null,
        data: JSON.stringify({ username: u.username }),
        message: welcome,
        page: "profile",
        page_item_id: null,
      },
      {
        ...converted,
        event: "follow",
        actor_id: 42,
        data: JSON.stringify({ username: "jane doe" }),
        message: "jane doe started following you.",
        page: "profile",
        page_item_id: 42,
      },
      {
        event: "creator_application_approved",
        actor_id: null,
        object_kind: "creator_application",
        object_id: 9,
        data: null,
        message: "Congratulations! Your creator application has been approved.",
        page: "creator",
        page_item_id: 9,
      },
      legacy("jane started following you.", "profile", 42),
      legacy(" started following you.", "profile", 42),
      legacy(welcome, "profile", 3),
      legacy("Welcome ! Your account has been successfully created.", "profile", null),
      legacy("congratulations! Your creator application has been approved.", "creator", 9),
      legacy("Congratulations! Your creator application has been approved. ", "creator", 9),
      legacy("Congratulations! Your creator application has been approved.", "creator", null),
      legacy("bob liked your post.", "post", 12),
    ]);

    // Running it again changes nothing.
    await backfill();
    expect(JSON.stringify((await client.get("/api/notifications/")).body)).toBe(JSON.stringify(before.body));
  });

  it("a converted row words exactly as a new event of its type (follow, approval)", async () => {
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const follower = await makeUserWithToken();
    const me = await makeUserWithToken();
    await new Client().withToken(follower.access).post("/user/profile/follow/", { user_id: me.id });
    await new Client().withToken(me.access).post("/user/api/creator-application/");
    const [application] = (await new Client().withToken(me.access).get("/user/api/creator-application/"))
      .body;
    expect(
      (
        await new Client()
          .withToken(admin.access)
          .post(`/api/admin/creator-applications/${application.id}/approve/`)
      ).status,
    ).toBe(200);
    const twin = await makeUserWithToken();
    const fresh = (await new Client().withToken(me.access).get("/api/notifications/")).body as Record<
      string,
      unknown
    >[];
    expect(fresh.map((n) => n.message)).toEqual([
      "Congratulations! Your creator application has been approved.",
      `${follower.username} started following you.`,
    ]);

    // The same notifications as the old code stored them, for another user, backfilled.
    for (const n of [...fresh].reverse())
      await oldRow(
        twin.id,
        n.message as string,
        n.notification_type as string,
        n.page as string,
        n.page_item_id as number,
      );
    await backfill();
    const migrated = (await new Client().withToken(twin.access).get("/api/notifications/")).body as Record<
      string,
      unknown
    >[];
    const shape = (list: Record<string, unknown>[]) =>
      list.map(({ message, page, page_item_id, notification_type }) => ({
        message,
        page,
        page_item_id,
        notification_type,
      }));
    expect(shape(migrated)).toEqual(shape(fresh));
    expect((await storedOf(twin.id)).results.map((r) => r.event)).toEqual([
      "follow",
      "creator_application_approved",
    ]);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../../helpers/client";
import { makeCreator, makeUserWithToken } from "../../helpers/factories";
import { storedNotifications } from "../../helpers/notifications";

const ALREADY = { detail: "You have already applied for creator." };
const admin = () => makeUserWithToken({ groups: ["visitor", "admin"] });

describe("POST /user/api/creator-application/", () => {
  it("201 files an application that GET then lists as pending", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const res = await client.post("/user/api/creator-application/");
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ detail: "Creator application submitted successfully." });
    const list = await client.get("/user/api/creator-application/");
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      { id: expect.any(Number), user: u.id, application_status: "0", created_at: expect.any(String) },
    ]);
  });

  it("accepts the original clients' {user: <own id>} body", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).post("/user/api/creator-application/", { user: u.id });
    expect(res.status).toBe(201);
  });

  it("400 when applying for someone else", async () => {
    const u = await makeUserWithToken();
    const res = await new Client()
      .withToken(u.access)
      .post("/user/api/creator-application/", { user: u.id + 1 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ user: ["You can only apply for your own account."] });
  });

  it("400 on a second application, even when both race", async () => {
    const u = await makeUserWithToken();
    const [a, b] = await Promise.all(
      [0, 1].map(() => new Client().withToken(u.access).post("/user/api/creator-application/")),
    );
    expect([a!.status, b!.status].sort()).toEqual([201, 400]);
    const again = await new Client().withToken(u.access).post("/user/api/creator-application/");
    expect(again.status).toBe(400);
    expect(again.body).toEqual(ALREADY);
  });

  it("401 without credentials", async () => {
    expect((await new Client().post("/user/api/creator-application/")).status).toBe(401);
    expect((await new Client().get("/user/api/creator-application/")).status).toBe(401);
  });
});

describe("GET /user/api/creator-application/by-user/{id}/ (issue 10, finding 5)", () => {
  const FORBIDDEN = { detail: "You do not have permission to perform this action." };

  async function applicant() {
    const u = await makeUserWithToken();
    expect((await new Client().withToken(u.access).post("/user/api/creator-application/")).status).toBe(201);
    return u;
  }

  it("200 lists the user's own applications, as GET /user/api/creator-application/ does", async () => {
    const u = await applicant();
    const client = new Client().withToken(u.access);
    const res = await client.get(`/user/api/creator-application/by-user/${u.id}/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: expect.any(Number), user: u.id, application_status: "0", created_at: expect.any(String) },
    ]);
    expect(res.body).toEqual((await client.get("/user/api/creator-application/")).body);
  });

  it("200 for an admin, with every application of that user, newest first", async () => {
    const u = await applicant();
    const a = await admin();
    const first = (await new Client().withToken(u.access).get("/user/api/creator-application/")).body[0];
    expect(
      (await new Client().withToken(a.access).post(`/api/admin/creator-applications/${first.id}/reject/`))
        .status,
    ).toBe(200);
    expect((await new Client().withToken(u.access).post("/user/api/creator-application/")).status).toBe(201);
    const res = await new Client().withToken(a.access).get(`/user/api/creator-application/by-user/${u.id}/`);
    expect(res.status).toBe(200);
    expect(
      res.body.map((x: { user: number; application_status: string }) => [x.user, x.application_status]),
    ).toEqual([
      [u.id, "0"],
      [u.id, "2"],
    ]);
  });

  it("200 [] for a user with no applications, and for an admin asking about an id no one has (as the original's filter)", async () => {
    const u = await makeUserWithToken();
    expect(
      (await new Client().withToken(u.access).get(`/user/api/creator-application/by-user/${u.id}/`)).body,
    ).toEqual([]);
    const a = await admin();
    for (const id of ["2147483647", "99999999999999999999"]) {
      const res = await new Client().withToken(a.access).get(`/user/api/creator-application/by-user/${id}/`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
    }
  });

  it("403 for anyone else, even a creator", async () => {
    const u = await applicant();
    for (const other of [await makeUserWithToken(), await makeCreator()]) {
      const res = await new Client()
        .withToken(other.access)
        .get(`/user/api/creator-application/by-user/${u.id}/`);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
    }
  });

  it("401 without credentials", async () => {
    const u = await applicant();
    const res = await new Client().get(`/user/api/creator-application/by-user/${u.id}/`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("is declared in /openapi.json", async () => {
    const spec = (await new Client().get("/openapi.json")).body;
    expect(Object.keys(spec.paths["/user/api/creator-application/by-user/{id}/"])).toEqual(["get"]);
  });
});

describe("admin review of creator applications", () => {
  it("approval moves the user to `creator` at once and notifies them", async () => {
    const a = await admin();
    const u = await makeUserWithToken();
    await new Client().withToken(u.access).post("/user/api/creator-application/");
    const pending = await new Client().withToken(a.access).get("/api/admin/creator-applications/?status=0");
    expect(pending.status).toBe(200);
    const mine = pending.body.find((x: { user: number }) => x.user === u.id);
    expect(mine).toMatchObject({ user: u.id, username: u.username, application_status: "0" });

    const approved = await new Client()
      .withToken(a.access)
      .post(`/api/admin/creator-applications/${mine.id}/approve/`);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ detail: "Application approved.", id: mine.id, application_status: "1" });

    const profile = await new Client().withToken(u.access).get("/user/api/profile/");
    expect(profile.body[0].user.user_group.sort()).toEqual(["creator", "visitor"]);
    expect(
      (await new Client().withToken(u.access).get("/user/api/creator-application/")).body[0]
        .application_status,
    ).toBe("1");
    expect((await new Client().withToken(u.access).post("/user/api/creator-application/")).body).toEqual(
      ALREADY,
    );
    const note = (await storedNotifications(u.id)).find((n) => n.page === "creator");
    expect(note).toMatchObject({
      message: "Congratulations! Your creator application has been approved.",
      page_item_id: mine.id,
    });
    const stored = await env.DB.prepare(
      "SELECT event, actor_id, object_kind, object_id FROM notifications WHERE user_id = ?",
    )
      .bind(u.id)
      .all();
    expect(stored.results).toContainEqual({
      event: "creator_application_approved",
      actor_id: a.id,
      object_kind: "creator_application",
      object_id: mine.id,
    });
  });

  it("rejection lets the user apply again", async () => {
    const a = await admin();
    const u = await makeUserWithToken();
    await new Client().withToken(u.access).post("/user/api/creator-application/");
    const [app] = (await new Client().withToken(u.access).get("/user/api/creator-application/")).body;
    const rejected = await new Client()
      .withToken(a.access)
      .post(`/api/admin/creator-applications/${app.id}/reject/`);
    expect(rejected.body).toEqual({ detail: "Application rejected.", id: app.id, application_status: "2" });
    expect((await new Client().withToken(u.access).post("/user/api/creator-application/")).status).toBe(201);
  });

  it("403 for non-admins, 401 without credentials, 404 for unknown ids, 400 for a bad status filter", async () => {
    const u = await makeUserWithToken();
    expect((await new Client().withToken(u.access).get("/api/admin/creator-applications/")).body).toEqual({
      detail: "You do not have permission to perform this action.",
    });
    expect(
      (await new Client().withToken(u.access).post("/api/admin/creator-applications/1/approve/")).status,
    ).toBe(403);
    expect((await new Client().get("/api/admin/creator-applications/")).status).toBe(401);
    const a = await admin();
    const missing = await new Client()
      .withToken(a.access)
      .post("/api/admin/creator-applications/99999999/approve/");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: "Not found." });
    expect(
      (await new Client().withToken(a.access).get("/api/admin/creator-applications/?status=9")).status,
    ).toBe(400);
  });
});

import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../../helpers/client";
import { makeUser, makeUserWithToken } from "../../helpers/factories";

const admin = () => makeUserWithToken({ groups: ["visitor", "admin"] });

describe("PATCH /api/admin/users/{id}/", () => {
  it("200 sets score, groups and flags", async () => {
    const a = await admin();
    const target = await makeUser();
    const res = await new Client().withToken(a.access).patch(`/api/admin/users/${target.id}/`, {
      score: 42,
      groups: ["visitor", "creator"],
      is_featured: true,
      is_editor: true,
      advancedUser: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: target.id,
      username: target.username,
      score: 42,
      groups: ["creator", "visitor"],
      is_active: true,
      is_banned: false,
      is_featured: true,
      is_editor: true,
      is_manager: false,
      advancedUser: true,
    });
    const board = await new Client().get("/users/leaderboard/?limit=1000");
    expect(board.body.find((e: { id: number }) => e.id === target.id).score).toBe(42);
  });

  it("banning ends the user's sessions at once", async () => {
    const a = await admin();
    const target = await makeUserWithToken();
    const targetClient = new Client().withToken(target.access);
    expect((await targetClient.get(`/users/${target.id}/`)).status).toBe(200);
    const res = await new Client()
      .withToken(a.access)
      .patch(`/api/admin/users/${target.id}/`, { is_banned: true });
    expect(res.status).toBe(200);
    expect((await targetClient.get(`/users/${target.id}/`)).status).toBe(401);
    expect(
      (await new Client().post("/users/login/", { username: target.username, password: target.password }))
        .status,
    ).toBe(401);
  });

  it("an admin role granted here takes effect on the next request", async () => {
    const a = await admin();
    const promoted = await makeUserWithToken();
    const other = await makeUser();
    const promotedClient = new Client().withToken(promoted.access);
    expect((await promotedClient.patch(`/api/admin/users/${other.id}/`, { score: 1 })).status).toBe(403);
    await new Client().withToken(a.access).patch(`/api/admin/users/${promoted.id}/`, { groups: ["admin"] });
    expect((await promotedClient.patch(`/api/admin/users/${other.id}/`, { score: 1 })).status).toBe(200);
  });

  it("403 for a non-admin", async () => {
    const u = await makeUserWithToken();
    const res = await new Client()
      .withToken(u.access)
      .patch(`/api/admin/users/${u.id}/`, { score: 1_000_000 });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: "You do not have permission to perform this action." });
  });

  it("401 without credentials", async () => {
    const res = await new Client().patch("/api/admin/users/1/", { score: 1 });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("404 for an unknown user", async () => {
    const a = await admin();
    const res = await new Client().withToken(a.access).patch("/api/admin/users/99999999/", { score: 1 });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not found." });
  });

  it("400 for unknown fields, unknown groups and wrong types", async () => {
    const a = await admin();
    const client = new Client().withToken(a.access);
    const res = await client.patch(`/api/admin/users/${a.id}/`, {
      score: "lots",
      groups: ["root"],
      password_hash: "x",
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual(["groups.0", "non_field_errors", "score"]);
  });
});

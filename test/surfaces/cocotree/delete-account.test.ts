import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient } from "../../helpers/client";
import { befriend, makeUserWithToken, sendFriendRequestAs } from "../../helpers/factories";
import { JPEG_BYTES, upload } from "../../helpers/fixtures";
import { eventually } from "../../helpers/eventually";

const as = (u: { access: string }) => new UntypedClient().withToken(u.access);
const one = (sql: string, ...binds: unknown[]) => env.DB.prepare(sql).bind(...binds).first<Record<string, unknown>>();

describe("DELETE /users/delete_account/", () => {
  it("deactivates and anonymizes the account and cleans up after it", async () => {
    const [me, friend, asker, asked] = await Promise.all([makeUserWithToken(), makeUserWithToken(), makeUserWithToken(), makeUserWithToken()]);
    await befriend(me.id, friend.id);
    await sendFriendRequestAs(asker.id, me.id);
    await sendFriendRequestAs(me.id, asked.id);
    const pic = await as(me).request("PATCH", "/users/user_details/", { body: upload("profile_picture", "me.jpg", JPEG_BYTES) });
    const key = (pic.body.payload.data.profile_picture as string).slice("/media/".length);
    await as(me).patch("/users/user_details/", { bio: "soon gone" });
    const other = await new UntypedClient().post("/auth/login", { username: me.username, password: me.password });

    const res = await as(me).delete("/users/delete_account/");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ message: "Account successfully deactivated" });

    const row = await one("SELECT username, email, phone, bio, avatar_key, is_active FROM users WHERE id = ?", me.id);
    expect(row).toEqual({ username: expect.stringMatching(new RegExp(`^deleted_${me.id}_\\d{8}$`)), email: null, phone: "", bio: "", avatar_key: null, is_active: 0 });
    expect(await one("SELECT COUNT(*) AS n FROM friendships WHERE user_id = ?1 OR friend_id = ?1", me.id)).toEqual({ n: 0 });
    expect(await one("SELECT COUNT(*) AS n FROM friend_requests WHERE status = 'pending' AND (from_user_id = ?1 OR to_user_id = ?1)", me.id)).toEqual({ n: 0 });
    expect(await one("SELECT COUNT(*) AS n FROM chat_members WHERE user_id = ? AND is_deleted = 0", me.id)).toEqual({ n: 0 });
    expect(await one("SELECT COUNT(*) AS n FROM chat_members WHERE user_id = ? AND is_deleted = 1", me.id)).toEqual({ n: 1 });
    expect(await one("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?", me.id)).toEqual({ n: 0 });
    await eventually(async () => (await env.MEDIA.get(key)) === null);

    expect((await as(me).get("/users/user_details/")).status).toBe(401);
    expect((await new UntypedClient().get("/users/user_details/", { headers: { Authorization: other.body.payload.token } })).status).toBe(401);
    const login = await new UntypedClient().post("/auth/login", { username: me.username, password: me.password });
    expect(login.body).toEqual({ success: false, message: "User does not exist", code: 1, status: 401 });
    expect((await as(friend).get(`/users/user_info/${me.id}/`)).status).toBe(404);
    expect((await as(friend).get("/users/search_friends/")).body.payload.friends).toEqual([]);
    expect((await as(asker).get("/users/friends/sent_requests/")).body.payload.pending).toEqual([]);
    // The friend keeps the chat, whose other member is gone.
    expect((await as(friend).get("/chat/chatlist/")).body.payload.chats).toHaveLength(1);
  });

  it("needs credentials", async () => {
    const res = await new UntypedClient().delete("/users/delete_account/");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 1, error: "Authentication credentials were not provided." });
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient } from "../../helpers/client";
import {
  befriend,
  comment,
  like,
  makePost,
  makeUserWithToken,
  sendFriendRequestAs,
  setProfile,
  uniqueName,
} from "../../helpers/factories";
import { JPEG_BYTES, PASSWORD, upload } from "../../helpers/fixtures";
import { eventually } from "../../helpers/eventually";

const as = (u: { access: string }) => new UntypedClient().withToken(u.access);
const one = (sql: string, ...binds: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...binds)
    .first<Record<string, unknown>>();

describe("DELETE /users/delete_account/", () => {
  it("deactivates and anonymizes the account and cleans up after it", async () => {
    const [me, friend, asker, asked] = await Promise.all([
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
      makeUserWithToken(),
    ]);
    await befriend(me.id, friend.id);
    await sendFriendRequestAs(asker.id, me.id);
    await sendFriendRequestAs(me.id, asked.id);
    const pic = await as(me).request("PATCH", "/users/user_details/", {
      body: upload("profile_picture", "me.jpg", JPEG_BYTES),
    });
    const key = (pic.body.payload.data.profile_picture as string).slice("/media/".length);
    await as(me).patch("/users/user_details/", { bio: "soon gone" });
    const other = await new UntypedClient().post("/auth/login", {
      username: me.username,
      password: me.password,
    });

    const res = await as(me).delete("/users/delete_account/");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ message: "Account successfully deactivated" });

    const row = await one(
      "SELECT username, email, phone, bio, avatar_key, is_active FROM users WHERE id = ?",
      me.id,
    );
    expect(row).toEqual({
      username: expect.stringMatching(new RegExp(`^deleted_${me.id}_\\d{8}$`)),
      email: null,
      phone: "",
      bio: "",
      avatar_key: null,
      is_active: 0,
    });
    expect(
      await one("SELECT COUNT(*) AS n FROM friendships WHERE user_id = ?1 OR friend_id = ?1", me.id),
    ).toEqual({ n: 0 });
    expect(
      await one(
        "SELECT COUNT(*) AS n FROM friend_requests WHERE status = 'pending' AND (from_user_id = ?1 OR to_user_id = ?1)",
        me.id,
      ),
    ).toEqual({ n: 0 });
    expect(
      await one("SELECT COUNT(*) AS n FROM chat_members WHERE user_id = ? AND is_deleted = 0", me.id),
    ).toEqual({ n: 0 });
    expect(
      await one("SELECT COUNT(*) AS n FROM chat_members WHERE user_id = ? AND is_deleted = 1", me.id),
    ).toEqual({ n: 1 });
    expect(await one("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?", me.id)).toEqual({ n: 0 });
    await eventually(async () => (await env.MEDIA.get(key)) === null);

    expect((await as(me).get("/users/user_details/")).status).toBe(401);
    expect(
      (
        await new UntypedClient().get("/users/user_details/", {
          headers: { Authorization: other.body.payload.token },
        })
      ).status,
    ).toBe(401);
    const login = await new UntypedClient().post("/auth/login", {
      username: me.username,
      password: me.password,
    });
    expect(login.body).toEqual({ success: false, message: "User does not exist", code: 1, status: 401 });
    expect((await as(friend).get(`/users/user_info/${me.id}/`)).status).toBe(404);
    expect((await as(friend).get("/users/search_friends/")).body.payload.friends).toEqual([]);
    expect((await as(asker).get("/users/friends/sent_requests/")).body.payload.pending).toEqual([]);
    // The friend keeps the chat, whose other member is gone.
    expect((await as(friend).get("/chat/chatlist/")).body.payload.chats).toHaveLength(1);
  });

  it("clears every personal field; other users' notifications no longer carry the old name, which anyone may register again", async () => {
    const other = await makeUserWithToken();
    const username = uniqueName("ada");
    const registered = await new UntypedClient().post("/user/api/register/", {
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
      birthday: "1987-03-14",
    });
    expect(registered.status, registered.text).toBe(201);
    const login = await new UntypedClient().post("/user/login/", { username, password: PASSWORD });
    expect(login.status, login.text).toBe(200);
    const me = {
      id: registered.body.user.id as number,
      username,
      password: PASSWORD,
      access: login.body.access as string,
    };
    expect(
      await one("SELECT birthday, last_login IS NOT NULL AS logged_in FROM users WHERE id = ?", me.id),
    ).toEqual({ birthday: "1987-03-14", logged_in: 1 });
    await setProfile(me.id, {
      firstName: "Ada",
      lastName: "Lovelace",
      displayName: "Ada L.",
      bio: "engines",
      phone: "+44 20 0000",
      address: "12 St James's Square",
      socialFacebook: "facebook.com/ada",
      socialTwitter: "twitter.com/ada",
      socialYoutube: "youtube.com/ada",
      socialLinks: "ada.example",
      homePage: "https://ada.example",
      location: "London",
    });
    const post = await makePost(other.id);
    expect((await as(me).post("/user/profile/follow/", { user_id: other.id })).status).toBe(200);
    await like(me.id, post.id);
    await comment(me.id, post.id, "lovely");
    await sendFriendRequestAs(me.id, other.id);
    const before = await as(other).get("/api/notifications/");
    expect(before.body.map((n: { message: string }) => n.message)).toEqual([
      `${me.username} sent you a friend request.`,
      `${me.username} commented on your post.`,
      `${me.username} liked your post.`,
      `${me.username} started following you.`,
    ]);

    expect((await as(me).delete("/users/delete_account/")).status).toBe(200);

    const row = await one(
      `SELECT username, email, email_key, phone, address, birthday, first_name, last_name, display_name, bio, location, home_page,
        social_facebook, social_twitter, social_youtube, social_links, avatar_key, banner_key, last_login FROM users WHERE id = ?`,
      me.id,
    );
    const placeholder = row!.username as string;
    expect(row).toEqual({
      username: expect.stringMatching(new RegExp(`^deleted_${me.id}_\\d{8}$`)),
      email: null,
      email_key: null,
      phone: "",
      address: "",
      birthday: null,
      first_name: "",
      last_name: "",
      display_name: "",
      bio: "",
      location: "",
      home_page: "",
      social_facebook: "",
      social_twitter: "",
      social_youtube: "",
      social_links: "",
      avatar_key: null,
      banner_key: null,
      last_login: null,
    });
    expect(await one("SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?", me.id)).toEqual({ n: 0 });
    const again = await new UntypedClient().post("/user/api/register/", {
      username: me.username,
      email: `${uniqueName()}@example.com`,
      password: me.password,
    });
    expect(again.status, again.text).toBe(201);
    const after = await as(other).get("/api/notifications/");
    expect(after.status).toBe(200);
    expect(after.body.map((n: { message: string }) => n.message)).toEqual([
      `${placeholder} sent you a friend request.`,
      `${placeholder} commented on your post.`,
      `${placeholder} liked your post.`,
      `${placeholder} started following you.`,
    ]);
    expect(after.text).not.toContain(me.username);
    const stored = await env.DB.prepare("SELECT message, data FROM notifications WHERE actor_id = ?")
      .bind(me.id)
      .all();
    expect(JSON.stringify(stored.results)).not.toContain(me.username);
  });

  it("renames only the name in a converted notification's kept text, not the same letters elsewhere in it", async () => {
    const [me, other] = await Promise.all([makeUserWithToken(), makeUserWithToken()]);
    // A row the 0007 backfill converted: the actor's name then (short, "in") prefixes the kept text.
    await env.DB.prepare(
      `INSERT INTO notifications (user_id, message, notification_type, page, page_item_id, is_read, created_at, event, actor_id, data)
       VALUES (?1, 'in started following you.', 'follow', 'profile', ?2, 0, unixepoch(), 'follow', ?2, json_object('username', 'in'))`,
    )
      .bind(other.id, me.id)
      .run();
    expect((await as(me).delete("/users/delete_account/")).status).toBe(200);
    const { username } = (await one("SELECT username FROM users WHERE id = ?", me.id)) as {
      username: string;
    };
    expect(
      await one(
        "SELECT message, json_extract(data, '$.username') AS name FROM notifications WHERE actor_id = ?",
        me.id,
      ),
    ).toEqual({
      message: `${username} started following you.`,
      name: username,
    });
  });

  it("needs credentials", async () => {
    const res = await new UntypedClient().delete("/users/delete_account/");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 1, error: "Authentication credentials were not provided." });
  });
});

// DESIGN.md "Privacy", issue 19 §1: a user's private fields reach only that user (and admins).
// One user sets every private field through every API that can set one, then acts on another
// user's content so it shows up everywhere (posts, reels, videos, comments, likes, follows,
// friends, chats, notifications, search). Every GET of /openapi.json is then asked, signed out,
// as that other user and as a stranger; no answer to them, nor to what they did along the way,
// may carry any private value (nor the free text of a report it filed).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient, type RawReply, type SendInit } from "../helpers/client";
import { comment, hide, like, makePost, makeReel, makeUserWithToken, uniqueName } from "../helpers/factories";
import { PASSWORD } from "../helpers/fixtures";
import { latestCode } from "../helpers/outbox";

interface Answer {
  caller: string;
  method: string;
  path: string;
  route?: string;
  status: number;
  text: string;
}

/** A client whose every answer is kept, to be searched for private values. */
class Recorded extends UntypedClient {
  constructor(
    readonly caller: string,
    private readonly answers: Answer[],
  ) {
    super();
  }
  route?: string;
  override async request(method: string, path: string, init: SendInit = {}): Promise<RawReply> {
    const reply = await super.request(method, path, init);
    this.answers.push({
      caller: this.caller,
      method,
      path,
      route: this.route,
      status: reply.status,
      text: reply.text,
    });
    return reply;
  }
  override get(path: string, init: SendInit = {}) {
    return this.request("GET", path, init);
  }
  override post(path: string, json?: unknown, init: SendInit = {}) {
    return this.request("POST", path, { ...init, json });
  }
  override patch(path: string, json?: unknown, init: SendInit = {}) {
    return this.request("PATCH", path, { ...init, json });
  }
  override put(path: string, json?: unknown, init: SendInit = {}) {
    return this.request("PUT", path, { ...init, json });
  }
  override delete(path: string, json?: unknown, init: SendInit = {}) {
    return this.request("DELETE", path, { ...init, json });
  }
}

function ok(reply: RawReply, status = 200) {
  expect(reply.status, reply.text).toBe(status);
  return reply.body;
}

/** The private user: every private field set, through each API that sets one; answers every value it ever had. */
async function privateUser() {
  const username = uniqueName("private");
  const mark = username.replaceAll("_", "");
  const values = {
    twimbolEmail: `${mark}.twimbol@secret.example`,
    gameEmail: `${mark}.game@secret.example`,
    cocotreeEmail: `${mark}.cocotree@secret.example`,
    parentEmail: `${mark}.parent@secret.example`,
    twimbolPhone: `+1 555 ${mark.slice(-6)} 1`,
    cocotreePhone: `+1 555 ${mark.slice(-6)} 2`,
    address: `${mark} Secret Lane 7`,
    birthday: "1987-03-14",
  };
  const twimbol = new UntypedClient();
  const registered = ok(
    await twimbol.post("/user/api/register/", {
      username,
      email: values.twimbolEmail,
      password: PASSWORD,
      birthday: values.birthday,
    }),
    201,
  );
  const id = registered.user.id as number;
  twimbol.withToken(ok(await twimbol.post("/user/login/", { username, password: PASSWORD })).access);
  ok(
    await twimbol.patch(`/user/api/update/${id}/`, {
      first_name: "Pri",
      last_name: "Vate",
      user_phone: values.twimbolPhone,
      user_address: values.address,
    }),
  );

  const game = new UntypedClient();
  ok(await game.post("/users/login/", { username, password: PASSWORD }));
  ok(await game.patch(`/users/${id}/`, { email: values.gameEmail }));

  const cocotree = new UntypedClient();
  const token = ok(await cocotree.post("/auth/login", { username, password: PASSWORD })).payload
    .token as string;
  cocotree.withToken(token);
  ok(
    await cocotree.patch("/users/user_details/sensitive/", {
      validation_password: PASSWORD,
      email: values.cocotreeEmail,
      phone_number: values.cocotreePhone,
    }),
  );

  ok(
    await new UntypedClient().post("/api/parent/request_otp/", {
      child_id: id,
      parent_email: values.parentEmail,
    }),
  );
  ok(
    await new UntypedClient().post("/api/parent/verify_otp/", {
      child_id: id,
      parent_email: values.parentEmail,
      otp_code: await latestCode(values.parentEmail),
    }),
  );

  const own = ok(await game.get(`/users/${id}/`));
  expect(own).toMatchObject({ email: values.cocotreeEmail, last_login: expect.any(String) });
  const row = await env.DB.prepare("SELECT password_hash, birthday, address, phone FROM users WHERE id = ?")
    .bind(id)
    .first<Record<string, string>>();
  expect(row).toMatchObject({
    birthday: values.birthday,
    address: values.address,
    phone: values.cocotreePhone,
  });
  const secrets = [...Object.values(values), own.last_login as string, row!.password_hash!];
  return { id, username, twimbol, cocotree, secrets };
}

/** Values for the path parameters of every route, by name: the private user's, their content's, their chat's. */
type Fill = Record<string, string[]>;

/** The query parameters that pick the private user out of a list; the rest keep their defaults. */
function queryVariants(params: { name: string; in: string }[] | undefined, fill: Fill): string[] {
  const variants = [""];
  for (const p of params ?? [])
    if (p.in === "query" && fill[`?${p.name}`])
      for (const v of fill[`?${p.name}`]!) variants.push(`?${p.name}=${encodeURIComponent(v)}`);
  return variants;
}

function concretePaths(template: string, fill: Fill): string[] {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  let paths = [template];
  for (const name of names) {
    const values = fill[name];
    if (!values)
      throw new Error(
        `privacy sweep: no value for the path parameter {${name}} of ${template}; add one to the fill table`,
      );
    paths = paths.flatMap((p) => values.map((v) => p.replace(`{${name}}`, v)));
  }
  return paths;
}

/** GET routes that must show the private user to others, so the sweep is known to have reached them. */
const SHOWS_THE_USER = [
  "/api/posts/",
  "/api/posts/{post_id}/",
  "/api/posts/{post_id}/comments/",
  "/api/reels/",
  "/api/videos/",
  "/api/search/",
  "/api/notifications/",
  "/api/v1/users",
  "/api/v1/users/{username}",
  "/users/user_info/{id}/",
  "/users/search_users/",
  "/users/search_friends/",
  "/users/friends/search_friends/",
  "/chat/chatlist/",
  "/users/leaderboard/",
];

describe("no private field of a user reaches anyone else", () => {
  it("every GET of /openapi.json, signed out, as a friend who was followed, liked and befriended, and as a stranger", async () => {
    const answers: Answer[] = [];
    const me = await privateUser();
    const friend = await makeUserWithToken();
    const stranger = await makeUserWithToken();
    const asFriend = new Recorded("friend", answers).withToken(friend.access);
    const asStranger = new Recorded("stranger", answers).withToken(stranger.access);
    const anonymous = new Recorded("anonymous", answers);

    const tag = uniqueName("sweep").replaceAll("_", "x");
    const post = await makePost(me.id, { title: `${tag} post` });
    const reel = await makeReel(me.id, { title: `${tag} reel` });
    const video = await makeReel(me.id, { type: "video", title: `${tag} video` });
    const friendsPost = await makePost(friend.id, { title: `${tag} friend` });
    await comment(me.id, friendsPost.id, `${tag} comment`);
    await comment(me.id, post.id, `${tag} own comment`);
    await like(me.id, friendsPost.id);
    await hide(me.id, friendsPost.id);
    const reportText = `${tag} why I reported this`;
    ok(
      await me.twimbol.post(`/api/post_report/${friendsPost.id}/`, {
        reason: "spam",
        description: reportText,
      }),
      201,
    );
    const secrets = [...me.secrets, reportText];
    ok(await me.twimbol.post("/user/profile/follow/", { user_id: friend.id }));
    ok(await me.cocotree.post("/users/friends/request/", { id: friend.id }));
    // What the friend does in turn, answers recorded: follow back, accept, like, comment.
    ok(await asFriend.post("/user/profile/follow/", { user_id: me.id }));
    const received = ok(await asFriend.get("/users/friends/received_requests/"));
    const requestId = received.payload.pending[0].id as number;
    ok(await asFriend.post(`/users/friends/respond/${requestId}/`, { response: "accept" }));
    ok(await asFriend.post(`/api/post_likes/${post.id}/`), 201);
    ok(await asFriend.post(`/api/posts/${post.id}/comments/`, { comment: "hi" }), 201);
    ok(await asFriend.post(`/api/post_hide/${post.id}/`), 201);
    const chatId = ok(await asFriend.get("/chat/chatlist/")).payload.chats[0].chat_id as number;

    const fill: Fill = {
      id: [String(me.id)],
      username: [me.username],
      post_id: [post.id, reel.id, video.id, friendsPost.id].map(String),
      postId: [String(post.id)],
      friendly_token: [post.id, reel.id, video.id].map(String),
      requestId: [String(requestId)],
      friendId: [String(me.id)],
      chatId: [String(chatId)],
      messageId: ["-1"],
      getAfter: ["0", "1"],
      count: ["50"],
      upload_id: ["1"],
      n: ["1"],
      "?search": [me.username, tag],
      "?query": [tag, me.username],
      "?username": [me.username],
      "?author": [me.username],
      "?prefix": [me.username.slice(0, 8)],
      "?limit": ["100"],
      "?page_size": ["100"],
    };
    const spec = ok(await new UntypedClient().get("/openapi.json"));
    const routes = Object.entries(
      spec.paths as Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>,
    ).filter(([, ops]) => ops.get);
    expect(routes.length).toBeGreaterThan(30);
    for (const [template, ops] of routes) {
      for (const path of concretePaths(template, fill)) {
        for (const query of queryVariants(ops.get!.parameters, fill)) {
          for (const client of [anonymous, asFriend, asStranger]) {
            client.route = template;
            await client.get(`${path}${query}`);
          }
        }
      }
    }

    const leaks = answers.flatMap((a) =>
      secrets
        .filter((s) => a.text.toLowerCase().includes(s.toLowerCase()))
        .map((s) => `${a.caller} ${a.method} ${a.path} ${a.status}: carries ${s}`),
    );
    expect(leaks).toEqual([]);
    expect(answers.some((a) => a.status >= 500)).toBe(false);

    const reached = new Set(
      answers.filter((a) => a.route && a.status === 200 && a.text.includes(me.username)).map((a) => a.route),
    );
    expect(SHOWS_THE_USER.filter((r) => !reached.has(r))).toEqual([]);
    const swept = new Set(answers.map((a) => a.route));
    expect(routes.map(([t]) => t).filter((t) => !swept.has(t))).toEqual([]);
  }, 120_000);
});

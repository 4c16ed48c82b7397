// Issue 19 §1c: the content of an account no one may see (banned, deactivated either way, or
// anonymised by Cocotree's delete_account) is served to no one else, and comes back with it.
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import {
  comment,
  deactivate,
  makePost,
  makeReel,
  makeUserWithToken,
  uniqueName,
  type Made,
} from "../helpers/factories";

const NOT_FOUND = { detail: "Not found." };

/** An author with a post, a reel, a video and a comment on someone else's post, all carrying one marker. */
async function authorWithContent() {
  const author = await makeUserWithToken();
  const host = await makeUserWithToken();
  const viewer = await makeUserWithToken();
  const tag = uniqueName("h").replaceAll("_", "x");
  const post = await makePost(author.id, { title: `${tag} post` });
  const reel = await makeReel(author.id, { title: `${tag} reel` });
  const video = await makeReel(author.id, { type: "video", title: `${tag} video` });
  const hostPost = await makePost(host.id, { title: `${tag} host` });
  const remark = await comment(author.id, hostPost.id, `${tag} remark`);
  return { author, host, viewer, tag, post, reel, video, hostPost, remark };
}

type Scene = Awaited<ReturnType<typeof authorWithContent>>;

/** Everything of the author's that a caller is served, route by route. */
async function servedTo(client: Client, s: Scene) {
  const feed = await client.get(`/api/posts/?search=${s.tag}`);
  const hostItem = await client.get(`/api/posts/${s.hostPost.id}/`);
  const comments = await client.get(`/api/posts/${s.hostPost.id}/comments/`);
  const reels = await client.get("/api/reels/?page_size=100");
  const videos = await client.get("/api/videos/?page_size=100");
  const search = await client.get(`/api/search/?query=${s.tag}`);
  const items = await Promise.all([s.post, s.reel, s.video].map((p) => client.get(`/api/posts/${p.id}/`)));
  const likes = await client.get(`/api/post_likes/${s.post.id}/`);
  const statuses = [feed, hostItem, comments, reels, videos, search].map((r) => r.status);
  return {
    statuses,
    feed: { count: feed.body.count, ids: feed.body.results.map((p: { id: number }) => p.id) },
    hostItemComments: hostItem.body.comments,
    comments: { count: comments.body.count, ids: comments.body.results.map((c: { id: number }) => c.id) },
    reels: reels.body.results
      .filter((r: { created_by: number }) => r.created_by === s.author.id)
      .map((r: { post: number }) => r.post),
    videos: videos.body.results
      .filter((r: { created_by: number }) => r.created_by === s.author.id)
      .map((r: { post: number }) => r.post),
    search: search.body.results.map((r: { id: number }) => r.id),
    items: items.map((r) => [r.status, r.status === 200 ? r.body.id : r.body]),
    likes: [likes.status, likes.body],
  };
}

const shown = (s: Scene) => ({
  statuses: [200, 200, 200, 200, 200, 200],
  feed: { count: 2, ids: [s.hostPost.id, s.post.id] },
  hostItemComments: [{ comment: `${s.tag} remark` }],
  comments: { count: 1, ids: [s.remark.id] },
  reels: [s.reel.id],
  videos: [s.video.id],
  search: [s.reel.id],
  items: [
    [200, s.post.id],
    [200, s.reel.id],
    [200, s.video.id],
  ],
  likes: [200, []],
});

const hidden = (s: Scene) => ({
  statuses: [200, 200, 200, 200, 200, 200],
  feed: { count: 1, ids: [s.hostPost.id] },
  hostItemComments: [],
  comments: { count: 0, ids: [] },
  reels: [],
  videos: [],
  search: [],
  items: [
    [404, NOT_FOUND],
    [404, NOT_FOUND],
    [404, NOT_FOUND],
  ],
  likes: [404, NOT_FOUND],
});

/** Each way an account leaves everyone else's sight, as its own API does it. */
const HIDINGS: [string, (author: Made & { access: string }) => Promise<void>][] = [
  [
    "banned by an admin",
    async (author) => {
      const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
      const res = await new Client()
        .withToken(admin.access)
        .patch(`/api/admin/users/${author.id}/`, { is_banned: true });
      expect(res.status, res.text).toBe(200);
    },
  ],
  ["deactivated through the game (Django's is_active)", (author) => deactivate(author.id)],
  [
    "deactivated through Twimbol (user_status)",
    async (author) => {
      const res = await new Client().withToken(author.access).post("/user/api/deactivate/");
      expect(res.status, res.text).toBe(200);
    },
  ],
  [
    "deleted through Cocotree (anonymised)",
    async (author) => {
      const res = await new Client().withToken(author.access).delete("/users/delete_account/");
      expect(res.status, res.text).toBe(200);
    },
  ],
];

describe.each(HIDINGS)("an author %s", (_, hide) => {
  it("has their posts, reels, videos and comments served to no one else: feeds, items, search, comments, likes", async () => {
    const s = await authorWithContent();
    const anonymous = new Client();
    const signedIn = new Client().withToken(s.viewer.access);
    expect(await servedTo(anonymous, s)).toEqual(shown(s));
    expect(await servedTo(signedIn, s)).toEqual(shown(s));
    await hide(s.author);
    expect(await servedTo(anonymous, s)).toEqual(hidden(s));
    expect(await servedTo(signedIn, s)).toEqual(hidden(s));
    const likeIt = await signedIn.post(`/api/post_likes/${s.post.id}/`);
    expect(likeIt.status).toBe(404);
    expect(likeIt.body).toEqual(NOT_FOUND);
    const commentOnIt = await signedIn.post(`/api/posts/${s.reel.id}/comments/`, { comment: "hello?" });
    expect(commentOnIt.status).toBe(404);
    expect(commentOnIt.body).toEqual(NOT_FOUND);
  }, 30_000);
});

describe("a Twimbol deactivation", () => {
  it("is undone by the next login, and the content comes back with the account", async () => {
    const s = await authorWithContent();
    const deactivated = await new Client().withToken(s.author.access).post("/user/api/deactivate/");
    expect(deactivated.status).toBe(200);
    expect(await servedTo(new Client(), s)).toEqual(hidden(s));
    const login = await new Client().post("/user/login/", {
      username: s.author.username,
      password: s.author.password,
    });
    expect(login.status, login.text).toBe(200);
    expect(await servedTo(new Client(), s)).toEqual(shown(s));
    expect(await servedTo(new Client().withToken(s.viewer.access), s)).toEqual(shown(s));
  }, 30_000);
});

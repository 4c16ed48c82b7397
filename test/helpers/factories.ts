// Every domain verb a test calls for its setup goes through this file, so a change of
// the verbs' signatures lands here and nowhere else in test/.
import { env } from "cloudflare:workers";
import { desc, eq, sql } from "drizzle-orm";
import {
  comments,
  postLikes,
  posts,
  sessions,
  users,
  type NotificationType,
  type PostType,
  type ReportReason,
  type UserRow,
} from "../../src/db/schema";
import { adminUpdateUser, type AdminUserPatch } from "../../src/domain/admin/update-user";
import { logIn } from "../../src/domain/auth/authenticate";
import { viewerFromAccessToken } from "../../src/domain/auth/resolve-viewer";
import { startKeySession, startTokenSession } from "../../src/domain/auth/sessions";
import { anonymousCtx, ctxFor, systemCtx } from "../../src/domain/context";
import type { Viewer } from "../../src/domain/auth/viewer";
import {
  applyForCreator,
  listOwnApplications,
  reviewApplication,
} from "../../src/domain/creators/applications";
import type { Deps } from "../../src/domain/deps";
import { listOutbox } from "../../src/domain/mail/outbox";
import { notification } from "../../src/domain/notifications/notify";
import { toggleBlock } from "../../src/domain/follows/toggle-block";
import { addComment } from "../../src/domain/posts/comments";
import { sentRequests } from "../../src/domain/friends/queries";
import { removeFriend } from "../../src/domain/friends/remove-friend";
import { respondToFriendRequest } from "../../src/domain/friends/respond-request";
import { sendFriendRequest } from "../../src/domain/friends/send-request";
import { createPost } from "../../src/domain/posts/create-post";
import { hidePost, likePost, reportPost } from "../../src/domain/posts/marks";
import { deactivateUser } from "../../src/domain/users/close-account";
import { sweepExpiredUploads } from "../../src/domain/videos/uploads";
import { registerUser } from "../../src/domain/users/register-user";
import type { OwnerField, UserPatch } from "../../src/domain/users/fields";
import { updateUser } from "../../src/domain/users/update-user";
import { createDeps, type DepsOptions } from "../../src/deps";
import { beginTotpEnrolment, confirmTotpEnrolment } from "../../src/domain/auth/two-factor/enrol";
import { FakeClock } from "./clock";
import { totpCodeOf } from "./totp";
import { PASSWORD } from "./fixtures";

let seq = 0;
export const uniqueName = (prefix = "user") => `${prefix}_${Date.now().toString(36)}_${seq++}`;

/** Deps over the test bindings; deferred work, and work that work defers in turn, is awaited by `settle()`. */
export function testDeps(options: Partial<DepsOptions> = {}) {
  const pending: Promise<unknown>[] = [];
  const deps = createDeps(env, (p) => pending.push(p), options);
  const settle = async (): Promise<unknown[]> => {
    const waited = pending.length;
    const settled = await Promise.all(pending);
    return pending.length > waited ? settle() : settled;
  };
  return Object.assign(deps, { settle });
}

export interface Made {
  id: number;
  username: string;
  email: string;
  password: string;
}

/**
 * The operator, as `npm run createsuperuser` is: an admin outside any request. Its Viewer
 * is made here rather than resolved from a session because the first admin has to come from
 * somewhere; the admin verbs check only its groups. Its id is 0, no account's, so it may act on
 * any account (an admin may not ban or demote their own) and its audit rows name no one.
 */
const operator = (user: UserRow): Viewer => ({
  user: { ...user, id: 0 },
  groups: ["admin"],
  sessionId: 0,
  via: "token",
});

/** The account itself, signed in, for the self-service verbs. */
const selfOf = (user: UserRow): Viewer => ({ user, groups: [], sessionId: 0, via: "token" });

const rowOf = async (deps: Deps, userId: number) =>
  (await deps.db.select().from(users).where(eq(users.id, userId)).get())!;

/** Edits an account through the admin verb, as an admin would (score, groups, ban, flags). */
export async function adminUpdate(userId: number, patch: AdminUserPatch, deps: Deps = testDeps()) {
  return adminUpdateUser(ctxFor(deps, operator(await rowOf(deps, userId))), { userId, patch });
}

/** Creates a user through the domain, as registration would; `groups` replaces its groups through the admin verb. */
export async function makeUser(
  overrides: { username?: string; email?: string; password?: string; groups?: string[] } = {},
  deps: Deps = testDeps(),
): Promise<Made> {
  const username = overrides.username ?? uniqueName();
  const email = overrides.email ?? `${username}@example.com`;
  const password = overrides.password ?? PASSWORD;
  const user = await registerUser(systemCtx(deps), { username, email, password });
  if (overrides.groups)
    await adminUpdateUser(ctxFor(deps, operator(user)), {
      userId: user.id,
      patch: { groups: overrides.groups },
    });
  return { id: user.id, username, email, password };
}

/** `count` users named `<prefix>_<n>` (n from 0), made one after another so each joins after the one before. */
export async function makeUsers(count: number, prefix = uniqueName("many")): Promise<Made[]> {
  const deps = testDeps();
  const made: Made[] = [];
  for (let i = 0; i < count; i++) made.push(await makeUser({ username: `${prefix}_${i}` }, deps));
  return made;
}

/** Edits the user's own profile text through the domain, as a profile route would. */
export async function setProfile(userId: number, changes: UserPatch<OwnerField>) {
  const deps = testDeps();
  return updateUser(ctxFor(deps, selfOf(await rowOf(deps, userId))), { patch: changes });
}

/** A user plus a valid access token for it. */
export async function makeUserWithToken(overrides: Parameters<typeof makeUser>[0] = {}) {
  const deps = testDeps();
  const made = await makeUser(overrides, deps);
  const tokens = await startTokenSession(deps, await rowOf(deps, made.id), {});
  return { ...made, ...tokens };
}

/** A user plus a MediaCMS API key (`Authorization: Token <key>`), as its login route hands one out. */
export async function makeUserWithKey(overrides: Parameters<typeof makeUser>[0] = {}) {
  const deps = testDeps();
  const made = await makeUser(overrides, deps);
  return { ...made, ...(await startKeySession(deps, made.id, {})) };
}

/** The Viewer a request with this access token would have. */
export async function viewerOf(access: string, deps: Deps = testDeps()): Promise<Viewer> {
  const viewer = await viewerFromAccessToken(deps, access);
  if (!viewer) throw new Error("viewerOf: the token resolves to no viewer");
  return viewer;
}

/** A creator made the way one is: an application filed by the user and approved by an admin. */
export async function makeCreator(overrides: Parameters<typeof makeUser>[0] = {}) {
  const deps = testDeps();
  const creator = await makeUserWithToken(overrides);
  const asCreator = ctxFor(deps, await viewerOf(creator.access, deps));
  await applyForCreator(asCreator);
  const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
  const [application] = await listOwnApplications(asCreator);
  await reviewApplication(ctxFor(deps, await viewerOf(admin.access, deps)), {
    id: application!.id,
    decision: "approve",
  });
  await deps.settle();
  return creator;
}

/** Sets a user's score through the admin verb (the game has no route that sets one). */
export const setScore = (userId: number, score: number) => adminUpdate(userId, { score });

/** Deactivates an account through the domain, as the game's `{"deactivate": true}` does. */
export async function deactivate(userId: number) {
  const deps = testDeps();
  await deactivateUser(ctxFor(deps, selfOf(await rowOf(deps, userId))), { userId });
  await deps.settle();
}

/** Logs in through the domain and returns a fresh token pair, as a token login route would. */
export async function tokenFor(username: string, password: string) {
  return (
    await logIn(anonymousCtx(testDeps()), {
      username,
      password,
      route: { id: "test", kind: "token" },
      client: {},
    })
  ).session;
}

/**
 * A notification with its text given (a `legacy` event): the categories no verb emits
 * yet (like, comment, events) and arbitrary texts, as the tests need them.
 */
export interface TextNotification {
  userId: number;
  message: string;
  type: NotificationType;
  page?: string | null;
  pageItemId?: number | null;
}

/** Notifies through the domain verb with no write of the caller's own: record and push both run deferred. */
export function notifyLater(deps: Deps, n: TextNotification) {
  const made = notification(deps, n.userId, {
    type: "legacy",
    category: n.type,
    message: n.message,
    page: n.page ?? null,
    pageItemId: n.pageItemId ?? null,
  });
  deps.defer((async () => made.afterCommit(await made.statement))());
}

/** Mail the development transport captured to an address. */
export const outboxOf = (address: string) => listOutbox(systemCtx(testDeps()), { to: address });

/** A post by `userId` through the domain verb, as `POST /api/posts/` makes one. */
export async function makePost(
  userId: number,
  fields: { title?: string; description?: string; postType?: PostType } = {},
  deps: Deps = testDeps(),
) {
  const item = await createPost(
    ctxFor(deps, selfOf(await rowOf(deps, userId))),
    { title: fields.title ?? uniqueName("post"), description: fields.description },
    fields.postType,
  );
  return item.post;
}

/**
 * Stored R2 objects for a user's banner and a reel's or video's file and thumbnail, keyed
 * as the uploads key them. Rows are written directly: no upload verb for these exists yet
 * (profile banners have no route; reel and video uploads are issue 11's part 2).
 */
export async function attachMedia(
  target: { userBanner: number } | { postFiles: number },
  deps: Deps = testDeps(),
) {
  const put = async (key: string) => (await env.MEDIA.put(key, new Uint8Array([1, 2, 3])), key);
  if ("userBanner" in target) {
    const key = await put(`u/${target.userBanner}/banner/${crypto.randomUUID()}.png`);
    await deps.db.update(users).set({ bannerKey: key }).where(eq(users.id, target.userBanner));
    return [key];
  }
  const post = (await deps.db.select().from(posts).where(eq(posts.id, target.postFiles)).get())!;
  const videoKey = await put(`u/${post.createdBy}/video/${crypto.randomUUID()}.mp4`);
  const thumbnailKey = await put(`u/${post.createdBy}/thumb/${crypto.randomUUID()}.jpg`);
  await deps.db.update(posts).set({ videoKey, thumbnailKey }).where(eq(posts.id, post.id));
  return [videoKey, thumbnailKey];
}

/** A like and a comment by `userId` on a post, written directly until the like and comment verbs land (issue 11 part 2). */
export async function likeAndComment(userId: number, postId: number, deps: Deps = testDeps()) {
  const now = new Date();
  await deps.db.batch([
    deps.db.insert(postLikes).values({ userId, postId, createdAt: now }),
    deps.db
      .update(posts)
      .set({ likeCount: sql`${posts.likeCount} + 1` })
      .where(eq(posts.id, postId)),
    deps.db.insert(comments).values({ userId, postId, comment: "nice", createdAt: now }),
  ]);
}

/** `blockerId` blocks `blockedId` through the toggle verb (which must not already hold). */
export async function block(blockerId: number, blockedId: number, deps: Deps = testDeps()) {
  const { blocking } = await toggleBlock(ctxFor(deps, selfOf(await rowOf(deps, blockerId))), {
    targetId: blockedId,
  });
  if (!blocking) throw new Error("block: the toggle unblocked instead");
}

export interface ReelFields {
  type?: Extract<PostType, "reel" | "youtube_reel" | "video" | "youtube_video">;
  title?: string;
  description?: string;
  likeCount?: number;
  viewCount?: number;
  createdAt?: Date;
  thumbnailKey?: string | null;
}

/**
 * A reel (or video) row by `userId`. The upload verbs (POST /create/reel/, /create/video/)
 * belong to another part of issue 11, so until they land this inserts the posts row itself,
 * the one place in test/ that does: an uploaded kind gets a `video_key` under the user's
 * prefix, a YouTube kind a `youtube_id`. Counts and the date are set directly, for ranking tests.
 */
export async function makeReel(userId: number, fields: ReelFields = {}, deps: Deps = testDeps()) {
  const type = fields.type ?? "reel";
  const youtube = type.startsWith("youtube_");
  const slug = uniqueName("v");
  return (await deps.db
    .insert(posts)
    .values({
      postType: type,
      title: fields.title ?? uniqueName(type),
      description: fields.description ?? "",
      createdBy: userId,
      createdAt: fields.createdAt ?? new Date(),
      likeCount: fields.likeCount ?? 0,
      viewCount: fields.viewCount ?? 0,
      videoKey: youtube ? null : `u/${userId}/video/${slug}.mp4`,
      youtubeId: youtube ? slug : null,
      thumbnailKey: fields.thumbnailKey ?? null,
    })
    .returning()
    .get())!;
}

/** Renames a user through the account verb, as the game's PATCH /users/<id>/ does. */
export async function renameUser(userId: number, username: string) {
  const deps = testDeps();
  return updateUser(ctxFor(deps, selfOf(await rowOf(deps, userId))), { userId, patch: { username } });
}

/** `userId` acts on a post through the domain verbs, as the §6 and §7 routes do. */
const asUser = async (userId: number, deps: Deps) => ctxFor(deps, selfOf(await rowOf(deps, userId)));

export async function like(userId: number, postId: number, deps = testDeps()) {
  const made = await likePost(await asUser(userId, deps), { postId });
  await deps.settle();
  return made;
}

export async function hide(userId: number, postId: number, deps: Deps = testDeps()) {
  return hidePost(await asUser(userId, deps), { postId });
}

export async function report(userId: number, postId: number, deps: Deps = testDeps()) {
  return reportPost(await asUser(userId, deps), { postId });
}

export async function comment(userId: number, postId: number, text: string, deps = testDeps()) {
  const made = await addComment(await asUser(userId, deps), { postId, text });
  await deps.settle();
  return made.comment;
}
/** The scheduled handler's sweep, run as the cron would at `now`; answers how many uploads it discarded. */
export const sweepUploadsAt = (now: Date, limit?: number) =>
  sweepExpiredUploads(systemCtx(testDeps()), { now, limit });

/**
 * Turns 2FA on for a user through the enrolment verbs, with a clock two steps back, so the
 * codes of the steps before, at and after now are all still unused: three TOTP uses at route
 * level without waiting for the clock.
 */
export async function enableTwoFactor(
  userId: number,
  password = PASSWORD,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const clock = new FakeClock(Date.now() - 60_000);
  const deps = testDeps({ clock });
  // Enrolled from the user's newest session, as a client would: that one stays, every other ends.
  const newest = await deps.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.id))
    .get();
  const ctx = ctxFor(deps, { ...selfOf(await rowOf(deps, userId)), sessionId: newest?.id ?? 0 });
  const { secret } = await beginTotpEnrolment(ctx);
  const { recoveryCodes } = await confirmTotpEnrolment(ctx, {
    code: totpCodeOf(secret, clock.now()),
    password,
  });
  await deps.settle();
  return { secret, recoveryCodes };
}

/** `fromId` sends `toId` a friend request through the domain verb, as `POST /users/friends/request/` does. */
export async function sendFriendRequestAs(fromId: number, toId: number, deps = testDeps()) {
  const result = await sendFriendRequest(ctxFor(deps, selfOf(await rowOf(deps, fromId))), { targetId: toId });
  await deps.settle();
  return result;
}

/** Makes two users friends the way the clients do: a request, then its acceptance by the other. */
export async function befriend(aId: number, bId: number, deps = testDeps()) {
  await sendFriendRequestAs(aId, bId, deps);
  const [request] = await sentRequests(ctxFor(deps, selfOf(await rowOf(deps, aId))));
  await respondToFriendRequest(ctxFor(deps, selfOf(await rowOf(deps, bId))), {
    requestId: request!.id,
    response: "accept",
  });
  await deps.settle();
}

/** `userId` ends its friendship with `friendId` (which posts a system message in their chat). */
export async function unfriend(userId: number, friendId: number, deps = testDeps()) {
  await removeFriend(ctxFor(deps, selfOf(await rowOf(deps, userId))), { friendId });
  await deps.settle();
}

/** A pending creator application filed by the user through the domain verb, as `POST /api/user/creator-application/` files one. */
export async function fileApplication(userId: number, deps: Deps = testDeps()) {
  const ctx = ctxFor(deps, selfOf(await rowOf(deps, userId)));
  await applyForCreator(ctx);
  return (await listOwnApplications(ctx))[0]!;
}

/** A report of `postId` by `userId` through the report verb, as `POST /api/post_report/<id>/` files one. */
export async function makeReport(
  userId: number,
  postId: number,
  reason: ReportReason = "spam",
  deps: Deps = testDeps(),
) {
  return reportPost(await asUser(userId, deps), { postId, reason });
}

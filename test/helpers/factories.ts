// Every domain verb a test calls for its setup goes through this file, so a change of
// the verbs' signatures lands here and nowhere else in test/.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { postReports, users, type NotificationType, type ReportReason, type UserRow } from "../../src/db/schema";
import { adminUpdateUser, type AdminUserPatch } from "../../src/domain/admin/update-user";
import { logIn } from "../../src/domain/auth/authenticate";
import { viewerFromAccessToken } from "../../src/domain/auth/resolve-viewer";
import { startTokenSession } from "../../src/domain/auth/sessions";
import { anonymousCtx, ctxFor, systemCtx } from "../../src/domain/context";
import type { Viewer } from "../../src/domain/auth/viewer";
import { applyForCreator, listOwnApplications, reviewApplication } from "../../src/domain/creators/applications";
import type { Deps } from "../../src/domain/deps";
import { listOutbox } from "../../src/domain/mail/outbox";
import { notification } from "../../src/domain/notifications/notify";
import { toggleBlock } from "../../src/domain/follows/toggle-block";
import { createPost } from "../../src/domain/posts/create-post";
import { deactivateUser } from "../../src/domain/users/close-account";
import { registerUser } from "../../src/domain/users/register-user";
import { updateProfile, type ProfileChanges } from "../../src/domain/users/update-profile";
import { createDeps, type DepsOptions } from "../../src/deps";
import { streamFrames } from "../../src/surfaces";
import { PASSWORD } from "./fixtures";

let seq = 0;
export const uniqueName = (prefix = "user") => `${prefix}_${Date.now().toString(36)}_${seq++}`;

/** Deps over the test bindings; deferred work, and work that work defers in turn, is awaited by `settle()`. */
export function testDeps(options: Partial<DepsOptions> = {}) {
  const pending: Promise<unknown>[] = [];
  const deps = createDeps(env, (p) => pending.push(p), { frames: streamFrames, ...options });
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
 * somewhere; the admin verbs check only its groups.
 */
const operator = (user: UserRow): Viewer => ({ user, groups: ["admin"], sessionId: 0, via: "token" });

/** The account itself, signed in, for the self-service verbs. */
const selfOf = (user: UserRow): Viewer => ({ user, groups: [], sessionId: 0, via: "token" });

const rowOf = async (deps: Deps, userId: number) => (await deps.db.select().from(users).where(eq(users.id, userId)).get())!;

/** Edits an account through the admin verb, as an admin would (score, groups, ban, flags). */
export async function adminUpdate(userId: number, patch: AdminUserPatch, deps: Deps = testDeps()) {
  return adminUpdateUser(ctxFor(deps, operator(await rowOf(deps, userId))), { userId, patch });
}

/** Creates a user through the domain, as registration would; `groups` replaces its groups through the admin verb. */
export async function makeUser(overrides: { username?: string; email?: string; password?: string; groups?: string[] } = {}, deps: Deps = testDeps()): Promise<Made> {
  const username = overrides.username ?? uniqueName();
  const email = overrides.email ?? `${username}@example.com`;
  const password = overrides.password ?? PASSWORD;
  const user = await registerUser(systemCtx(deps), { username, email, password });
  if (overrides.groups) await adminUpdateUser(ctxFor(deps, operator(user)), { userId: user.id, patch: { groups: overrides.groups } });
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
export async function setProfile(userId: number, changes: ProfileChanges) {
  const deps = testDeps();
  return updateProfile(ctxFor(deps, selfOf(await rowOf(deps, userId))), { changes });
}

/** A user plus a valid access token for it. */
export async function makeUserWithToken(overrides: Parameters<typeof makeUser>[0] = {}) {
  const deps = testDeps();
  const made = await makeUser(overrides, deps);
  const tokens = await startTokenSession(deps, await rowOf(deps, made.id), {});
  return { ...made, ...tokens };
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
  await reviewApplication(ctxFor(deps, await viewerOf(admin.access, deps)), { id: application!.id, decision: "approve" });
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
  return (await logIn(anonymousCtx(testDeps()), { username, password, kind: "token", client: {} })).session;
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
  const made = notification(deps, n.userId, { type: "legacy", category: n.type, message: n.message, page: n.page ?? null, pageItemId: n.pageItemId ?? null });
  deps.defer((async () => made.afterCommit(await made.statement))());
}

/** Mail the development transport captured to an address. */
export const outboxOf = (address: string) => listOutbox(systemCtx(testDeps()), { to: address });

/** A post by `userId` through the domain verb, as `POST /api/posts/` makes one. */
export async function makePost(userId: number, fields: { title?: string; description?: string } = {}, deps: Deps = testDeps()) {
  const item = await createPost(ctxFor(deps, selfOf(await rowOf(deps, userId))), { title: fields.title ?? uniqueName("post"), description: fields.description });
  return item.post;
}

/** `blockerId` blocks `blockedId` through the toggle verb (which must not already hold). */
export async function block(blockerId: number, blockedId: number, deps: Deps = testDeps()) {
  const { blocking } = await toggleBlock(ctxFor(deps, selfOf(await rowOf(deps, blockerId))), { targetId: blockedId });
  if (!blocking) throw new Error("block: the toggle unblocked instead");
}

/** A pending creator application filed by the user through the domain verb, as `POST /api/user/creator-application/` files one. */
export async function fileApplication(userId: number, deps: Deps = testDeps()) {
  const ctx = ctxFor(deps, selfOf(await rowOf(deps, userId)));
  await applyForCreator(ctx);
  return (await listOwnApplications(ctx))[0]!;
}

/**
 * A report of `postId` by `userId`. Inserted as the row itself: the report route is another
 * branch's work (issue 13 follow-up), and the row is what moderation reads.
 */
export async function makeReport(userId: number, postId: number, reason: ReportReason = "spam", deps: Deps = testDeps()) {
  const [row] = await deps.db.insert(postReports).values({ userId, postId, reason, description: "", createdAt: deps.clock.now() }).returning();
  return row!;
}

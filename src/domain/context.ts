import type { Viewer } from "./auth/viewer";
import type { Deps } from "./deps";

/**
 * Who a verb runs for. An admin is a `user` whose groups hold `admin`, not a kind of its own:
 * the role is read fresh from D1 with the viewer, an admin is also an ordinary user on every
 * self-service verb (own profile, own password, follows), and what admin means is decided in
 * one place (policy/ownership.ts) rather than by whoever builds the actor.
 * `system` is code the deployment runs (scripts, deferred work, the live stream's replay,
 * tests' factories); no request can become it. `anonymous` calls the public verbs
 * (register, log in, password reset, the leaderboard).
 */
export type Actor = { kind: "user"; viewer: Viewer } | { kind: "system" } | { kind: "anonymous" };

/** What every verb takes first: the deps it may touch and the one actor it runs for. */
export interface Ctx {
  deps: Deps;
  actor: Actor;
}

const ANONYMOUS: Actor = { kind: "anonymous" };
const SYSTEM: Actor = { kind: "system" };

/** A request's ctx: the signed-in user, or anonymous when there is none (or it was not resolved). */
export const ctxFor = (deps: Deps, viewer: Viewer | null | undefined): Ctx => ({
  deps,
  actor: viewer ? { kind: "user", viewer } : ANONYMOUS,
});

export const anonymousCtx = (deps: Deps): Ctx => ({ deps, actor: ANONYMOUS });

export const systemCtx = (deps: Deps): Ctx => ({ deps, actor: SYSTEM });

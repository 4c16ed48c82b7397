import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { userGroups, users } from "../../src/db/schema";
import { logIn } from "../../src/domain/auth/authenticate";
import { startTokenSession } from "../../src/domain/auth/sessions";
import { anonymousCtx, systemCtx } from "../../src/domain/context";
import type { Deps } from "../../src/domain/deps";
import { registerUser } from "../../src/domain/users/register-user";
import { createDeps, type DepsOptions } from "../../src/deps";
import { streamFrames } from "../../src/surfaces";

export const PASSWORD = "correct-Horse-battery-9";

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

/** Creates a user through the domain, as registration would. */
export async function makeUser(overrides: { username?: string; email?: string; password?: string; groups?: string[] } = {}, deps: Deps = testDeps()): Promise<Made> {
  const username = overrides.username ?? uniqueName();
  const email = overrides.email ?? `${username}@example.com`;
  const password = overrides.password ?? PASSWORD;
  const user = await registerUser(systemCtx(deps), { username, email, password });
  if (overrides.groups) {
    await deps.db.batch([
      deps.db.delete(userGroups).where(eq(userGroups.userId, user.id)),
      deps.db.insert(userGroups).values(overrides.groups.map((name) => ({ userId: user.id, name }))),
    ]);
  }
  return { id: user.id, username, email, password };
}

/** A user plus a valid access token for it. */
export async function makeUserWithToken(overrides: Parameters<typeof makeUser>[0] = {}) {
  const deps = testDeps();
  const made = await makeUser(overrides, deps);
  const row = await deps.db.select().from(users).where(eq(users.id, made.id)).get();
  const tokens = await startTokenSession(deps, row!, {});
  return { ...made, ...tokens };
}

/** Logs in through the domain and returns a fresh token pair, as a token login route would. */
export async function tokenFor(username: string, password: string) {
  return (await logIn(anonymousCtx(testDeps()), { username, password, kind: "token", client: {} })).session;
}

import { describe, expect, it } from "vitest";
import { logIn } from "../../src/domain/auth/authenticate";
import { logOut } from "../../src/domain/auth/log-out";
import { refreshAccess } from "../../src/domain/auth/refresh";
import {
  viewerFromAccessToken,
  viewerFromApiKey,
  viewerFromSessionCookie,
} from "../../src/domain/auth/resolve-viewer";
import { startKeySession, type JwtSessionKind, type SessionKind } from "../../src/domain/auth/sessions";
import { anonymousCtx, ctxFor } from "../../src/domain/context";
import type { Deps } from "../../src/domain/deps";
import { changePassword } from "../../src/domain/users/change-password";
import { OTHER_PASSWORD } from "../helpers/fixtures";
import { FakeClock } from "../helpers/clock";
import { makeUser, testDeps } from "../helpers/factories";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Each API's login, as its route starts it (src/surfaces/login-routes.ts). */
const login = <K extends SessionKind>(deps: Deps, user: { username: string; password: string }, kind: K) =>
  logIn(anonymousCtx(deps), {
    username: user.username,
    password: user.password,
    route: { id: `test:${kind}`, kind },
    client: {},
  });

const jwtViewer = (deps: Deps, access: string) => viewerFromAccessToken(deps, access);

async function setUp() {
  const clock = new FakeClock();
  const deps = testDeps({ clock });
  const user = await makeUser({}, deps);
  return { clock, deps, user };
}

describe("session lifetimes per API (issue 22 item 1)", () => {
  it("Cocotree: one token that still works 23 hours later and stops at 24 (fixed from login, not sliding)", async () => {
    const { clock, deps, user } = await setUp();
    const { session } = await login(deps, user, "cocotree");
    clock.advance(23 * HOUR);
    expect((await jwtViewer(deps, session.access))?.user.id).toBe(user.id);
    clock.advance(HOUR - 1000);
    expect(await jwtViewer(deps, session.access)).not.toBeNull();
    clock.advance(1000);
    expect(await jwtViewer(deps, session.access)).toBeNull();
  });

  it("Cocotree: the token stops at once when a copy of it logs out on another device, or another session changes the password", async () => {
    const { clock, deps, user } = await setUp();
    const first = await login(deps, user, "cocotree");
    clock.advance(2 * HOUR);
    // The same token held by two devices: logging out through either ends it for both.
    await logOut(ctxFor(deps, (await jwtViewer(deps, first.session.access))!));
    expect(await jwtViewer(deps, first.session.access)).toBeNull();

    const second = await login(deps, user, "cocotree");
    const other = await login(deps, user, "token");
    await changePassword(ctxFor(deps, (await jwtViewer(deps, other.session.access))!), {
      oldPassword: user.password,
      newPassword: OTHER_PASSWORD,
    });
    expect(await jwtViewer(deps, second.session.access)).toBeNull();
    expect(await jwtViewer(deps, other.session.access)).not.toBeNull();
  });

  it("MediaCMS: a Token key works a year later, until logout or a password change from another session", async () => {
    const { clock, deps, user } = await setUp();
    const { key } = await startKeySession(deps, user.id, {});
    clock.advance(365 * DAY);
    const viewer = await viewerFromApiKey(deps, key);
    expect(viewer?.user.id).toBe(user.id);
    expect(viewer?.via).toBe("key");
    await logOut(ctxFor(deps, viewer!));
    expect(await viewerFromApiKey(deps, key)).toBeNull();

    const { key: second } = await startKeySession(deps, user.id, {});
    const other = await login(deps, user, "token");
    await changePassword(ctxFor(deps, (await jwtViewer(deps, other.session.access))!), {
      oldPassword: user.password,
      newPassword: OTHER_PASSWORD,
    });
    expect(await viewerFromApiKey(deps, second)).toBeNull();
  });

  it("Twimbol and the game as before: a 15-minute access token renewed by a 7-day refresh token; a 14-day cookie", async () => {
    const { clock, deps, user } = await setUp();
    const twimbol = await login(deps, user, "token" as JwtSessionKind);
    const game = await login(deps, user, "cookie");
    clock.advance(14 * 60 * 1000);
    expect(await jwtViewer(deps, twimbol.session.access)).not.toBeNull();
    clock.advance(2 * 60 * 1000);
    expect(await jwtViewer(deps, twimbol.session.access)).toBeNull();
    clock.advance(6 * DAY);
    const { access } = await refreshAccess(anonymousCtx(deps), { refreshToken: twimbol.session.refresh });
    expect(await jwtViewer(deps, access)).not.toBeNull();
    clock.advance(DAY);
    await expect(
      refreshAccess(anonymousCtx(deps), { refreshToken: twimbol.session.refresh }),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await viewerFromSessionCookie(deps, game.session.secret, "cookie")).not.toBeNull();
    clock.advance(7 * DAY);
    expect(await viewerFromSessionCookie(deps, game.session.secret, "cookie")).toBeNull();
  });

  it("a key, a cookie or a panel session is no access token, and no credential opens a session of another kind", async () => {
    const { deps, user } = await setUp();
    const { key } = await startKeySession(deps, user.id, {});
    const game = await login(deps, user, "cookie");
    const panel = await login(deps, user, "panel");
    expect(await viewerFromSessionCookie(deps, key, "cookie")).toBeNull();
    expect(await viewerFromSessionCookie(deps, panel.session.secret, "cookie")).toBeNull();
    expect(await viewerFromSessionCookie(deps, game.session.secret, "panel")).toBeNull();
    expect(await viewerFromApiKey(deps, game.session.secret)).toBeNull();
    expect(await viewerFromApiKey(deps, panel.session.secret)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import type { UserRow } from "../../src/db/schema";
import { logOut } from "../../src/domain/auth/log-out";
import type { Viewer } from "../../src/domain/auth/viewer";
import { anonymousCtx, ctxFor, systemCtx, type Ctx } from "../../src/domain/context";
import {
  applyForCreator,
  listApplications,
  listApplicationsOfUser,
  listOwnApplications,
  reviewApplication,
} from "../../src/domain/creators/applications";
import type { Deps } from "../../src/domain/deps";
import { adminUpdateUser } from "../../src/domain/admin/update-user";
import { toggleBlock } from "../../src/domain/follows/toggle-block";
import { toggleFollow } from "../../src/domain/follows/toggle-follow";
import type { Upload } from "../../src/domain/media/image-upload";
import { setAvatar } from "../../src/domain/media/set-avatar";
import { listNotifications } from "../../src/domain/notifications/list-notifications";
import { markAllNotificationsRead, markNotificationRead } from "../../src/domain/notifications/mark-read";
import { getPreferences, updatePreferences } from "../../src/domain/notifications/preferences";
import {
  accountFor,
  requireAdmin,
  requireSelf,
  requireSelfOrAdmin,
  requireUser,
} from "../../src/domain/policy/ownership";
import { changePassword } from "../../src/domain/users/change-password";
import { deactivateProfile, deactivateUser, deleteUser } from "../../src/domain/users/close-account";
import { updateUser } from "../../src/domain/users/update-user";

/** Deps a verb may not touch before it has authorized: any use of them fails the test. */
const untouchable = new Proxy({} as Deps, {
  get: (_, key) => {
    throw new Error(`touched deps.${String(key)} before authorizing`);
  },
});
const viewer = (id: number, groups: string[] = ["visitor"]): Viewer => ({
  user: { id } as UserRow,
  groups,
  sessionId: 1,
  via: "token",
});
const as = (v: Viewer | null): Ctx => ctxFor(untouchable, v);
const refusal = async (run: () => unknown) => {
  try {
    await run();
  } catch (e) {
    const err = e as { code?: string; reason?: string; message: string };
    return err.code ? `${err.code}${err.reason ? `:${err.reason}` : ""}` : err.message;
  }
  return "allowed";
};

describe("policy/ownership", () => {
  const me = as(viewer(7));
  const admin = as(viewer(1, ["visitor", "admin"]));
  const nobody = anonymousCtx(untouchable);
  const system = systemCtx(untouchable);

  it("requireUser: a signed-in user only", async () => {
    expect(requireUser(me).user.id).toBe(7);
    expect(await refusal(() => requireUser(nobody))).toBe("UNAUTHENTICATED");
    expect(await refusal(() => requireUser(system))).toBe("UNAUTHENTICATED");
  });

  it("requireAdmin: a user in the admin group", async () => {
    expect(requireAdmin(admin).user.id).toBe(1);
    expect(await refusal(() => requireAdmin(me))).toBe("FORBIDDEN:not_admin");
    expect(await refusal(() => requireAdmin(nobody))).toBe("UNAUTHENTICATED");
  });

  it("requireSelf: the named account must be the caller's (an admin is no exception); none named is the caller's own", async () => {
    expect(requireSelf(me, 7).user.id).toBe(7);
    expect(requireSelf(me, undefined).user.id).toBe(7);
    expect(await refusal(() => requireSelf(me, 8))).toBe("FORBIDDEN:not_owner");
    expect(await refusal(() => requireSelf(admin, 7))).toBe("FORBIDDEN:not_owner");
    expect(await refusal(() => requireSelf(nobody, 7))).toBe("UNAUTHENTICATED");
  });

  it("requireSelfOrAdmin: the user, or an admin for anyone", async () => {
    expect(requireSelfOrAdmin(me, 7).user.id).toBe(7);
    expect(requireSelfOrAdmin(admin, 7).user.id).toBe(1);
    expect(await refusal(() => requireSelfOrAdmin(me, 8))).toBe("FORBIDDEN:not_admin");
    expect(await refusal(() => requireSelfOrAdmin(nobody, 7))).toBe("UNAUTHENTICATED");
  });

  it("accountFor: the caller's own account, or the one system work names", async () => {
    expect(accountFor(me)).toBe(7);
    expect(accountFor(me, 7)).toBe(7);
    expect(accountFor(system, 9)).toBe(9);
    expect(await refusal(() => accountFor(me, 8))).toBe("FORBIDDEN:not_owner");
    expect(await refusal(() => accountFor(nobody))).toBe("UNAUTHENTICATED");
    expect(await refusal(() => accountFor(system))).toMatch(/must name the account/);
  });
});

describe("verbs authorize before they touch anything", () => {
  const file = new File([], "a.png") as unknown as Upload;
  const someoneElse = 8;
  const anonymous: [string, (ctx: Ctx) => unknown][] = [
    ["toggleFollow", (ctx) => toggleFollow(ctx, { targetId: someoneElse })],
    ["toggleBlock", (ctx) => toggleBlock(ctx, { targetId: someoneElse })],
    ["logOut", (ctx) => logOut(ctx)],
    [
      "setAvatar",
      (ctx) =>
        setAvatar(ctx, {
          file,
          field: "avatar",
          policy: { maxBytes: 1, extensions: ["png"], types: ["png"] },
        }),
    ],
    ["listNotifications", (ctx) => listNotifications(ctx)],
    ["markNotificationRead", (ctx) => markNotificationRead(ctx, { id: 1 })],
    ["markAllNotificationsRead", (ctx) => markAllNotificationsRead(ctx)],
    ["getPreferences", (ctx) => getPreferences(ctx)],
    ["updatePreferences", (ctx) => updatePreferences(ctx, { allNotifications: false })],
    ["applyForCreator", (ctx) => applyForCreator(ctx)],
    ["listOwnApplications", (ctx) => listOwnApplications(ctx)],
  ];
  for (const [name, run] of anonymous) {
    it(`${name}: anonymous is UNAUTHENTICATED`, async () => {
      expect(await refusal(() => run(as(null)))).toBe("UNAUTHENTICATED");
    });
  }

  const notOwner: [string, (ctx: Ctx) => unknown][] = [
    [
      "changePassword",
      (ctx) => changePassword(ctx, { userId: someoneElse, oldPassword: "x", newPassword: "y" }),
    ],
    ["updateUser", (ctx) => updateUser(ctx, { userId: someoneElse, patch: { firstName: "x" } })],
    ["deactivateUser", (ctx) => deactivateUser(ctx, { userId: someoneElse })],
    ["deactivateProfile", (ctx) => deactivateProfile(ctx, { userId: someoneElse })],
    ["deleteUser", (ctx) => deleteUser(ctx, { userId: someoneElse })],
    ["updateUser (profile text)", (ctx) => updateUser(ctx, { userId: someoneElse, patch: { bio: "x" } })],
    ["listNotifications", (ctx) => listNotifications(ctx, { userId: someoneElse })],
  ];
  for (const [name, run] of notOwner) {
    it(`${name}: someone else's account is FORBIDDEN not_owner, even for an admin`, async () => {
      expect(await refusal(() => run(as(viewer(7))))).toBe("FORBIDDEN:not_owner");
      expect(await refusal(() => run(as(viewer(7, ["admin"]))))).toBe("FORBIDDEN:not_owner");
    });
  }

  it("updateUser: the owner sets only the registry's owner fields; the admins' fields and the groups need the admin edit", async () => {
    expect(await refusal(() => updateUser(as(viewer(7)), { patch: { score: 1 } }))).toBe(
      "FORBIDDEN:not_admin",
    );
    expect(await refusal(() => updateUser(as(viewer(7)), { patch: { isBanned: false } }))).toBe(
      "FORBIDDEN:not_admin",
    );
    expect(await refusal(() => updateUser(as(viewer(7)), { patch: {}, groups: ["admin"] }))).toBe(
      "FORBIDDEN:not_admin",
    );
    expect(
      await refusal(() => updateUser(as(viewer(1, ["visitor", "admin"])), { patch: { score: 1 } })),
    ).toBe("FORBIDDEN:not_admin");
    expect(await refusal(() => updateUser(as(viewer(7)), { patch: { birthday: "2000-01-01" } }))).toBe(
      "FORBIDDEN:not_admin",
    );
  });

  const adminOnly: [string, (ctx: Ctx) => unknown][] = [
    ["adminUpdateUser", (ctx) => adminUpdateUser(ctx, { userId: someoneElse, patch: { score: 1 } })],
    ["listApplications", (ctx) => listApplications(ctx)],
    ["reviewApplication", (ctx) => reviewApplication(ctx, { id: 1, decision: "approve" })],
    ["listApplicationsOfUser", (ctx) => listApplicationsOfUser(ctx, { userId: someoneElse })],
  ];
  for (const [name, run] of adminOnly) {
    it(`${name}: a user who is not an admin is FORBIDDEN not_admin`, async () => {
      expect(await refusal(() => run(as(viewer(7))))).toBe("FORBIDDEN:not_admin");
      expect(await refusal(() => run(anonymousCtx(untouchable)))).toBe("UNAUTHENTICATED");
    });
  }

  it("applyForCreator: naming another applicant is a field error, before anything is read", async () => {
    expect(await refusal(() => applyForCreator(as(viewer(7)), { userId: someoneElse }))).toBe("VALIDATION");
  });
});

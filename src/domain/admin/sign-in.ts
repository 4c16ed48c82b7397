import { eq } from "drizzle-orm";
import { userGroups } from "../../db/schema";
import { logIn, type Credentials } from "../auth/authenticate";
import { endSession, type ClientInfo, type StartedSession } from "../auth/sessions";
import type { Ctx } from "../context";
import { completeTwoFactorLogin } from "../auth/two-factor/complete-login";
import type { LoginRoute } from "../auth/two-factor/tickets";
import { DomainError } from "../errors";
import { auditStatementBy } from "./audit";

/**
 * The admin panel's sign-in: the shared login verb (same lockout, same session storage, so
 * "end all sessions", a ban and a password change end it too), then the `admin` group. A
 * right password without the group gets FORBIDDEN and its session is ended at once, so a
 * non-admin never holds a panel cookie that works.
 *
 * Each sign-in and each failed one (wrong password, unknown name, lockout, no admin group, a wrong
 * code) is written to the audit log, with the name it was tried for and the client's address.
 *
 * An admin with two-factor on gets MFA_REQUIRED with a ticket of the panel's own login route,
 * which only `completeAdminSignIn` accepts (not `/accounts/2fa/authenticate`).
 */
/** The panel's own login route: a 2FA ticket it issues completes only through the panel. */
export const PANEL_LOGIN_ROUTE: LoginRoute<"panel"> = { id: "panel:/admin/login/", kind: "panel" };

export async function adminSignIn(
  ctx: Ctx,
  input: Credentials & { client: ClientInfo },
): Promise<{ session: StartedSession }> {
  const { user, session } = await audited(ctx, input.client, { id: 0, username: input.username }, () =>
    logIn(ctx, { ...input, route: PANEL_LOGIN_ROUTE }),
  );
  return requireAdminGroup(ctx, user, session, input.client);
}

/** The panel's second step: the code for a ticket `adminSignIn` issued, then the same group check. */
export async function completeAdminSignIn(
  ctx: Ctx,
  input: { mfaToken: string; code: string; client: ClientInfo },
): Promise<{ session: StartedSession }> {
  const { user, session } = await audited(ctx, input.client, { id: 0, username: "" }, () =>
    completeTwoFactorLogin(ctx, { ...input, routes: [PANEL_LOGIN_ROUTE] }),
  );
  return requireAdminGroup(ctx, user, session as StartedSession, input.client);
}

/** Refusals that mean a sign-in failed (a two-factor step still to come is not one). */
const FAILED_SIGN_IN = new Set(["INVALID_CREDENTIALS", "LOCKED", "UNAUTHENTICATED", "BAD_REQUEST"]);

/** Every failed panel sign-in is on the audit log, with the name it was tried for. */
async function audited<T>(
  ctx: Ctx,
  client: ClientInfo,
  tried: { id: number; username: string },
  signIn: () => Promise<T>,
): Promise<T> {
  try {
    return await signIn();
  } catch (err) {
    if (err instanceof DomainError && FAILED_SIGN_IN.has(err.code))
      await logSignIn(ctx, tried, client, "panel.sign_in_failed", { reason: err.reason ?? err.code });
    throw err;
  }
}

const logSignIn = (
  ctx: Ctx,
  actor: { id: number; username: string },
  client: ClientInfo,
  action: string,
  detail: Record<string, unknown> = {},
) =>
  auditStatementBy(
    ctx.deps,
    actor,
    { ip: client.ip },
    { action, objectType: "user", objectId: actor.id, detail },
  );

async function requireAdminGroup(
  ctx: Ctx,
  user: { id: number; username: string },
  session: StartedSession,
  client: ClientInfo,
) {
  const groups = await ctx.deps.db
    .select({ name: userGroups.name })
    .from(userGroups)
    .where(eq(userGroups.userId, user.id));
  if (!groups.some((g) => g.name === "admin")) {
    await endSession(ctx.deps, session.sessionId);
    await logSignIn(ctx, user, client, "panel.sign_in_failed", { reason: "not_admin" });
    throw new DomainError("FORBIDDEN", "not_admin");
  }
  await logSignIn(ctx, user, client, "panel.sign_in");
  return { session };
}

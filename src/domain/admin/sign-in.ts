import { eq } from "drizzle-orm";
import { userGroups } from "../../db/schema";
import { logIn, type Credentials } from "../auth/authenticate";
import { endSession, type ClientInfo, type StartedSession } from "../auth/sessions";
import type { Ctx } from "../context";
import { completeTwoFactorLogin } from "../auth/two-factor/complete-login";
import type { LoginRoute } from "../auth/two-factor/tickets";
import { DomainError } from "../errors";

/**
 * The admin panel's sign-in: the shared login verb (same lockout, same session storage, so
 * "end all sessions", a ban and a password change end it too), then the `admin` group. A
 * right password without the group gets FORBIDDEN and its session is ended at once, so a
 * non-admin never holds a panel cookie that works.
 *
 * An admin with two-factor on gets MFA_REQUIRED with a ticket of the panel's own login route,
 * which only `completeAdminSignIn` accepts (not `/accounts/2fa/authenticate`).
 */
/** The panel's own login route: a 2FA ticket it issues completes only through the panel. */
export const PANEL_LOGIN_ROUTE: LoginRoute<"panel"> = { id: "panel:/admin/login/", kind: "panel" };

export async function adminSignIn(ctx: Ctx, input: Credentials & { client: ClientInfo }): Promise<{ session: StartedSession }> {
  const { user, session } = await logIn(ctx, { ...input, route: PANEL_LOGIN_ROUTE });
  return requireAdminGroup(ctx, user.id, session);
}

/** The panel's second step: the code for a ticket `adminSignIn` issued, then the same group check. */
export async function completeAdminSignIn(ctx: Ctx, input: { mfaToken: string; code: string; client: ClientInfo }): Promise<{ session: StartedSession }> {
  const { user, session } = await completeTwoFactorLogin(ctx, { ...input, routes: [PANEL_LOGIN_ROUTE] });
  return requireAdminGroup(ctx, user.id, session as StartedSession);
}

async function requireAdminGroup(ctx: Ctx, userId: number, session: StartedSession) {
  const groups = await ctx.deps.db.select({ name: userGroups.name }).from(userGroups).where(eq(userGroups.userId, userId));
  if (!groups.some((g) => g.name === "admin")) {
    await endSession(ctx.deps, session.sessionId);
    throw new DomainError("FORBIDDEN", "not_admin");
  }
  return { session };
}

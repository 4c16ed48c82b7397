// A login route of any API, as the 2FA completion needs it: its id, its session kind, and its success answer.
import type { Context } from "hono";
import type * as z from "zod";
import type { LoggedIn } from "../../domain/auth/authenticate";
import type { SessionKind } from "../../domain/auth/sessions";
import type { LoginRoute } from "../../domain/auth/two-factor/tickets";
import type { AppEnv } from "../../env";

export interface LoginRouteAnswer<K extends SessionKind = SessionKind> {
  route: LoginRoute<K>;
  /**
   * The route's success answer (cookie, tokens, body), used by the route itself and by
   * `POST /accounts/2fa/authenticate` when it completes a login this route began.
   */
  respond(c: Context<AppEnv>, loggedIn: LoggedIn<K>): Response;
  /** The body `respond` answers, for the completion's declaration. */
  schema: z.ZodType;
}

export const defineLoginRoute = <K extends SessionKind>(
  id: string,
  kind: K,
  schema: z.ZodType,
  respond: LoginRouteAnswer<K>["respond"],
): LoginRouteAnswer<K> => ({ route: { id, kind }, respond, schema });

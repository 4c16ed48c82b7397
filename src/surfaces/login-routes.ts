// Every login route of every API, by id: `POST /accounts/2fa/authenticate` completes a ticket
// with the answer of the route that issued it. A new login route is one line here.
import type { Context } from "hono";
import * as z from "zod";
import type { CompletedLogin } from "../domain/auth/two-factor/complete-login";
import type { AppEnv } from "../env";
import { cocotreeLogin } from "./cocotree/login";
import { gameLogin } from "./game/login";
import { mediacmsLogin } from "./mediacms/login";
import type { LoginRouteAnswer } from "./shared/login-route";
import { twimbolLogin } from "./twimbol/login";

const LOGIN_ROUTES: readonly LoginRouteAnswer<any>[] = [
  gameLogin,
  twimbolLogin,
  cocotreeLogin,
  mediacmsLogin,
];

const byId = new Map(LOGIN_ROUTES.map((r) => [r.route.id, r]));
if (byId.size !== LOGIN_ROUTES.length) throw new Error("two login routes share an id");

export const loginRoutes = LOGIN_ROUTES.map((r) => r.route);

/** Whatever one of them answers on success. */
export const completedLoginBody = z.union(LOGIN_ROUTES.map((r) => r.schema));

/** The issuing route's own success answer; the domain only completes tickets of `loginRoutes`. */
export const answerCompletedLogin = (c: Context<AppEnv>, done: CompletedLogin) =>
  byId.get(done.route.id)!.respond(c, done);

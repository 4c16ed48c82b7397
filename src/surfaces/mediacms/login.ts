// MediaCMS's `POST /api/v1/login` (users/views.py LoginView): the success answer, shared with a 2FA completion of it.
import * as z from "zod";
import { defineLoginRoute } from "../shared/login-route";

const loggedIn = z.object({ email: z.string().nullable(), username: z.string(), token: z.string() });

/**
 * The token a MediaCMS login answers, isolated here: today the session's access token; where
 * MediaCMS `Token` keys become long-lived session credentials, only this line changes.
 */
export const mediacmsLogin = defineLoginRoute("mediacms:/api/v1/login", "token", loggedIn, (c, { user, session }) =>
  c.json({ email: user.email, username: user.username, token: session.access }),
);

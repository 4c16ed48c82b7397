// MediaCMS's `POST /api/v1/login` (users/views.py LoginView): the success answer, shared with a 2FA completion of it.
import * as z from "zod";
import { defineLoginRoute } from "../shared/login-route";

const loggedIn = z.object({ email: z.string().nullable(), username: z.string(), token: z.string() });

/**
 * A MediaCMS login answers an API key (the original's DRF token): a `key` session that lives
 * until logout, a password change from another session or a reset (`API_KEY_TTL_SECONDS`).
 */
export const mediacmsLogin = defineLoginRoute(
  "mediacms:/api/v1/login",
  "key",
  loggedIn,
  (c, { user, session }) => c.json({ email: user.email, username: user.username, token: session.secret }),
);

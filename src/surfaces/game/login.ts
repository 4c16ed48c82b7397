// seed 001/003 `POST /users/login/`: the success answer, shared with a 2FA completion of it.
import { setSessionCookie } from "../../http/session-cookie";
import { defineLoginRoute } from "../shared/login-route";
import { idMessageBody } from "./response-schemas";
import { idMessage } from "./serializers";

export const gameLogin = defineLoginRoute(
  "game:/users/login/",
  "cookie",
  idMessageBody,
  (c, { user, session }) => {
    setSessionCookie(c, session.secret, session.expiresAt);
    return c.json(idMessage(user, "Login successful."));
  },
);

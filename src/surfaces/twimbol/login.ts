// seed 004 §1 `POST /user/login/`: the success answer, shared with a 2FA completion of it.
import { defineLoginRoute } from "../shared/login-route";
import { tokenPairBody } from "./response-schemas";
import { toUserRef } from "./profile/serializers";

export const twimbolLogin = defineLoginRoute(
  "twimbol:/user/login/",
  "token",
  tokenPairBody,
  (c, { user, session }) =>
    c.json({ access: session.access, refresh: session.refresh, user: toUserRef(user) }),
);

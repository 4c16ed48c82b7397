// Cocotree's `POST /auth/login`: the success answer, shared with a 2FA completion of it.
import * as z from "zod";
import { defineLoginRoute } from "../shared/login-route";

const loggedIn = z.object({
  success: z.literal(true),
  payload: z.object({ token: z.string(), id: z.number() }),
  status: z.literal(200),
});

export const cocotreeLogin = defineLoginRoute(
  "cocotree:/auth/login",
  "cocotree",
  loggedIn,
  (c, { user, session }) =>
    c.json({ success: true, payload: { token: session.access, id: user.id }, status: 200 }),
);

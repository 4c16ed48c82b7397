import { errorFields, log } from "../../infra/log";
import { startTokenSession, type ClientInfo } from "../auth/sessions";
import type { Ctx } from "../context";
import { startEmailVerification } from "./email-verification";
import { registerUser, type RegisterInput, type RegisterOptions } from "./register-user";

/** Registration that also signs the new account in (Cocotree's `/auth/register` answers with a token). */
export async function registerWithProfile(
  ctx: Ctx,
  { client, ...input }: RegisterInput & Omit<RegisterOptions, "welcome"> & { client: ClientInfo },
) {
  const user = await registerUser(ctx, input);
  // The account exists now: a code that could not be issued is asked for again, never a 500.
  if (user.email)
    await startEmailVerification(ctx.deps, user.id, user.email).catch((err: unknown) =>
      log("error", "email verification not started", errorFields(err)),
    );
  // Cocotree's registration: its one token lives as long as a Cocotree login's.
  const { access } = await startTokenSession(ctx.deps, user, client, "cocotree");
  return { user, access };
}

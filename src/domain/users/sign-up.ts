import type { UserRow } from "../../db/schema";
import type { Ctx } from "../context";
import { mails, trySend } from "../mail/messages";
import { startEmailVerification } from "./email-verification";
import { registerUser, type RegisterInput, type RegisterOptions } from "./register-user";

/** Registration with its welcome: a mail (reported as sent or not), a notification on the profile page, and a code that verifies the address. */
export async function signUp(
  ctx: Ctx,
  input: RegisterInput & Pick<RegisterOptions, "names">,
): Promise<{ user: UserRow; emailSent: boolean }> {
  const { deps } = ctx;
  const user = await registerUser(ctx, { ...input, welcome: (username) => ({ type: "welcome", username }) });
  const emailSent = user.email
    ? await trySend((m) => deps.mailer.send(m), mails.welcome(user.email, user.username))
    : false;
  if (user.email) await startEmailVerification(deps, user.id, user.email);
  return { user, emailSent };
}

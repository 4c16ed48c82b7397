import type { Mail } from "../../infra/mailer";
import { DomainError } from "../errors";
import { errorFields, log } from "../../infra/log";

/** The text of every mail the service sends, in one place. */
export const mails = {
  welcome: (to: string, username: string): Mail => ({
    to,
    subject: "Welcome!",
    text: `Hi ${username},\n\nWelcome! Your account has been successfully created.\n`,
  }),
  passwordResetCode: (to: string, code: string): Mail => ({
    to,
    subject: "Your password reset code",
    text: `Your password reset code is ${code}. It expires in 10 minutes.\n\nIf you did not ask for it, ignore this mail.\n`,
  }),
  emailVerificationCode: (to: string, code: string): Mail => ({
    to,
    subject: "Confirm your email address",
    text: `Your email verification code is ${code}. It expires in 3 days.\n\nIf you did not sign up or change your address, ignore this mail.\n`,
  }),
  emailChanged: (to: string, username: string, newAddress: string | null): Mail => ({
    to,
    subject: "Your email address was changed",
    text: `Hi ${username},\n\nThe email address of your account was just changed${newAddress ? ` to ${newAddress}` : " (it has none now)"}. Password reset codes go to the new address from now on.\n\nIf this was not you, reset your password at once and contact the service.\n`,
  }),
  passwordChanged: (to: string, username: string): Mail => ({
    to,
    subject: "Your password was changed",
    text: `Hi ${username},\n\nThe password of your account was just changed. If this was not you, reset it at once.\n`,
  }),
  twoFactorEnabled: (to: string, username: string): Mail => ({
    to,
    subject: "Two-factor authentication is on",
    text: `Hi ${username},\n\nTwo-factor authentication was just turned on for your account. Keep your recovery codes somewhere safe.\n\nIf this was not you, reset your password at once.\n`,
  }),
  twoFactorDisabled: (to: string, username: string): Mail => ({
    to,
    subject: "Two-factor authentication is off",
    text: `Hi ${username},\n\nTwo-factor authentication was just turned off for your account, and your other sessions were ended.\n\nIf this was not you, reset your password at once.\n`,
  }),
  recoveryCodeUsed: (to: string, username: string, left: number): Mail => ({
    to,
    subject: "A recovery code was used",
    text: `Hi ${username},\n\nA recovery code was just used to sign in to your account. ${left} of your recovery codes are left.\n\nIf this was not you, reset your password at once.\n`,
  }),
  parentOtp: (to: string, childUsername: string, code: string): Mail => ({
    to,
    subject: "Confirm the link to your child's account",
    text: `Your OTP to link with the account ${childUsername} is ${code}. It expires in 10 minutes.\n`,
  }),
  /** The subject and body exactly as the sender wrote them; replies go to the sender. */
  /** Both originals name the sender in the mail itself ("Sender name: …"); here by display name and username. */
  contact: (
    to: string,
    m: { name: string; username: string; replyTo: string | null; subject: string; body: string },
  ): Mail => ({
    to,
    subject: m.subject,
    text:
      `You have received a message through your profile's contact form.\n\n` +
      `Sender name: ${m.name || m.username}\nSender username: ${m.username}\n` +
      (m.replyTo ? `Sender email: ${m.replyTo}\n` : "") +
      `\n${m.body}\n\n` +
      (m.replyTo
        ? `Reply to this mail to answer ${m.username} at ${m.replyTo}.\n`
        : `${m.username} has no mail address: answer them on the site.\n`),
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
  }),
};

/** For mail the request exists to send (a code): if it cannot go out, the request fails as UNAVAILABLE. */
export async function sendOrFail(send: (mail: Mail) => Promise<void>, mail: Mail): Promise<void> {
  try {
    await send(mail);
  } catch (err) {
    log("error", "mail failed", errorFields(err));
    throw new DomainError("UNAVAILABLE", "mail");
  }
}

/** Sends without failing the caller: reports whether the mail went out. */
export async function trySend(send: (mail: Mail) => Promise<void>, mail: Mail): Promise<boolean> {
  try {
    await send(mail);
    return true;
  } catch (err) {
    log("error", "mail failed", errorFields(err));
    return false;
  }
}

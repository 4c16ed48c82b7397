import { expect } from "vitest";
import { outboxOf } from "./factories";

/** Mail the development transport captured (the `/_dev/outbox` route itself is tested in cross-cutting). */
export async function mailsTo(address: string): Promise<{ to: string; subject: string; text: string }[]> {
  return (await outboxOf(address)).map((m) => ({ to: m.to, subject: m.subject, text: m.text }));
}

/** The 6-digit code in the newest mail to an address that carries one (notices carry none). */
export async function latestCode(address: string): Promise<string> {
  const mails = (await mailsTo(address)).filter((m) => m.subject !== "Your email address was changed");
  const code = mails.at(-1)?.text.match(/\b(\d{6})\b/)?.[1];
  expect(code, `no code mailed to ${address}`).toBeTruthy();
  return code!;
}

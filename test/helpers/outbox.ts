import { expect } from "vitest";
import { systemCtx } from "../../src/domain/context";
import { listOutbox } from "../../src/domain/mail/outbox";
import { testDeps } from "./factories";

/** Mail the development transport captured (the `/_dev/outbox` route itself is tested in cross-cutting). */
export async function mailsTo(address: string): Promise<{ to: string; subject: string; text: string }[]> {
  return (await listOutbox(systemCtx(testDeps()), { to: address })).map((m) => ({ to: m.to, subject: m.subject, text: m.text }));
}

/** The 6-digit code in the newest mail to an address. */
export async function latestCode(address: string): Promise<string> {
  const mails = await mailsTo(address);
  const code = mails.at(-1)?.text.match(/\b(\d{6})\b/)?.[1];
  expect(code, `no code mailed to ${address}`).toBeTruthy();
  return code!;
}

/** Deferred work (notifications, mail) lands after the response; wait for it with a bounded poll. */
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, tries = 50): Promise<T> {
  let value = await probe();
  for (let i = 0; i < tries && !ok(value); i++) {
    await new Promise((r) => setTimeout(r, 10));
    value = await probe();
  }
  return value;
}

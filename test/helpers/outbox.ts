import { expect } from "vitest";
import { Client } from "./client";

export async function mailsTo(address: string): Promise<{ to: string; subject: string; text: string }[]> {
  const res = await new Client().get(`/_dev/outbox?to=${encodeURIComponent(address)}`);
  expect(res.status).toBe(200);
  return res.body;
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

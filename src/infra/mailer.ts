import type { Db } from "../db/client";
import { outbox } from "../db/schema";
import type { Clock } from "./clock";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Where a reply goes, when not to the service's own address (a contact mail's sender). */
  replyTo?: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Development and test transport: mail lands in the `outbox` table, read back at `/_dev/outbox`. */
export function outboxMailer(db: Db, clock: Clock): Mailer {
  return {
    async send(mail) {
      await db.insert(outbox).values({ ...mail, replyTo: mail.replyTo ?? null, createdAt: clock.now() });
    },
  };
}

export class MailUnavailableError extends Error {}

/**
 * Outside development without a `send_email` binding: mail cannot leave, and must not
 * pile up in D1 either (it carries reset codes), so every send fails loudly.
 */
export const unconfiguredMailer: Mailer = {
  async send() {
    throw new MailUnavailableError("No EMAIL (send_email) binding: mail was not sent");
  },
};

/** Production transport through Cloudflare's `send_email` binding. */
export function sendEmailMailer(binding: SendEmail, from: string): Mailer {
  return {
    async send(mail) {
      await binding.send({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      });
    },
  };
}

import type { Db } from "../db/client";
import { asc, eq } from "drizzle-orm";
import { outbox } from "../db/schema";
import type { Clock } from "./clock";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Development and test transport: mail lands in the `outbox` table, read back at `/_dev/outbox`. */
export function outboxMailer(db: Db, clock: Clock): Mailer {
  return {
    async send(mail) {
      await db.insert(outbox).values({ ...mail, createdAt: clock.now() });
    },
  };
}

/** Production transport through Cloudflare's `send_email` binding. */
export function sendEmailMailer(binding: SendEmail, from: string): Mailer {
  return {
    async send(mail) {
      await binding.send({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}

/** The development outbox, oldest first. */
export function readOutbox(db: Db, to: string) {
  return db.select().from(outbox).where(eq(outbox.to, to)).orderBy(asc(outbox.id)).all();
}

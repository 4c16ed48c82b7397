// seed 000 `POST /api/v1/users/{username}/contact`: one user mails another through the service.
import { and, eq, gt, lte, min, sql } from "drizzle-orm";
import { guardedInsert } from "../../db/guarded-insert";
import { contactMails, users } from "../../db/schema";
import type { Ctx } from "../context";
import { addFieldError, DomainError, rateLimited, validationError, type FieldErrors } from "../errors";
import { mails, sendOrFail } from "../mail/messages";
import { LINE_BREAK, textViolations } from "../text-rules";
import { nameOf } from "./public-users";
import { usernameKey } from "./username";
import { visibleAccount } from "./visible-account";

export const CONTACT_SUBJECT_MAX = 200;
export const CONTACT_BODY_MAX = 5000;
export const CONTACTS_PER_WINDOW = 10;
export const CONTACT_WINDOW_MS = 60 * 60 * 1000;

export interface ContactInput {
  username: string;
  /** The message as the client sent it (the verb checks the types). */
  message: { subject?: unknown; body?: unknown };
}

/** Characters as Python counts them (code points), so an emoji is one, as in MediaCMS. */
function longerThan(s: string, max: number) {
  if (s.length <= max) return false;
  let count = 0;
  for (const _ of s) if (++count > max) return true;
  return false;
}

/**
 * Checks in the order MediaCMS answers: signed in, recipient exists, subject and body
 * present, subject on one line and short, body short, then the characters no text may hold
 * (a header less than any), recipient reachable (editors may
 * always write). Then the hourly cap, whose check and record are one statement so parallel
 * sends cannot pass it, and the mail itself, with the sender's address as its Reply-To.
 */
/**
 * The account a contact names: visible, or NOT_FOUND. MediaCMS answers an unknown recipient
 * before it reads the body (DRF reads `request.data` lazily), so a route asks this first.
 */
export async function contactRecipient(ctx: Ctx, username: string) {
  const recipient = await ctx.deps.db
    .select({ id: users.id, email: users.email, allowContact: users.allowContact })
    .from(users)
    .where(and(eq(users.usernameKey, usernameKey(username)), visibleAccount()))
    .get();
  if (!recipient) throw new DomainError("NOT_FOUND", "user");
  return recipient;
}

export async function contactUser(ctx: Ctx, input: ContactInput) {
  if (ctx.actor.kind !== "user") throw new DomainError("UNAUTHENTICATED", "contact_signed_out");
  const sender = ctx.actor.viewer.user;
  const { deps } = ctx;
  const recipient = await contactRecipient(ctx, input.username);

  const { subject, body } = input.message;
  if (typeof subject !== "string" || typeof body !== "string" || !subject.trim() || !body.trim())
    throw new DomainError("BAD_REQUEST", "contact_fields_required");
  if (LINE_BREAK.test(subject)) throw new DomainError("BAD_REQUEST", "contact_subject_line_break");
  if (longerThan(subject, CONTACT_SUBJECT_MAX))
    throw new DomainError("BAD_REQUEST", "contact_subject_too_long");
  if (longerThan(body, CONTACT_BODY_MAX)) throw new DomainError("BAD_REQUEST", "contact_body_too_long");
  // The subject is a mail header: one line with no control, separator or bidi control; the body is text.
  const fields: FieldErrors = {};
  for (const v of textViolations(subject, "line")) addFieldError(fields, "subject", v.code, v.message);
  for (const v of textViolations(body, "text")) addFieldError(fields, "body", v.code, v.message);
  if (Object.keys(fields).length) throw validationError(fields);
  // An account without an address cannot be mailed by anyone, editors included.
  if (!recipient.email || (!sender.isEditor && (recipient.id === sender.id || !recipient.allowContact)))
    throw new DomainError("FORBIDDEN", "contact_not_allowed");

  const now = deps.clock.now().getTime();
  const since = now - CONTACT_WINDOW_MS;
  const c = contactMails;
  const [recorded, [oldest]] = await deps.db.batch([
    guardedInsert(
      deps.db,
      c,
      { senderId: users.id, recipientId: recipient.id, createdAt: new Date(now) },
      {
        from: users,
        where: and(
          eq(users.id, sender.id),
          sql`(SELECT count(*) FROM ${c} WHERE ${c.senderId} = ${sender.id} AND ${c.createdAt} > ${since}) < ${CONTACTS_PER_WINDOW}`,
        ),
      },
    ).returning({ id: c.id }),
    // When the cap refused: the window frees up an hour after its oldest send.
    deps.db
      .select({ at: min(c.createdAt) })
      .from(c)
      .where(and(eq(c.senderId, sender.id), gt(c.createdAt, new Date(since)))),
    deps.db.delete(c).where(and(eq(c.senderId, sender.id), lte(c.createdAt, new Date(since)))),
  ]);
  if (!recorded.length) {
    const freeAt = (oldest?.at?.getTime() ?? now) + CONTACT_WINDOW_MS;
    throw rateLimited("too_many_contacts", Math.max(1, Math.ceil((freeAt - now) / 1000)));
  }
  await sendOrFail(
    (m) => deps.mailer.send(m),
    mails.contact(recipient.email, {
      name: nameOf(sender),
      username: sender.username,
      replyTo: sender.email,
      subject,
      body,
    }),
  );
}

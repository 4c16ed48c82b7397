// seed 000: POST /api/v1/users/{username}/contact.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contactMails } from "../../../src/db/schema";
import { Client, expectStatus, UntypedClient } from "../../helpers/client";
import {
  adminUpdate,
  deactivate,
  makeUser,
  makeUserWithToken,
  outboxOf,
  setProfile,
  testDeps,
  uniqueName,
} from "../../helpers/factories";

const MSG = {
  anonymous: { detail: "request need be authenticated" },
  noUser: { detail: "user does not exist" },
  required: { detail: "Subject and body are required" },
  lineBreak: { detail: "Subject may not contain line breaks" },
  subjectLong: { detail: "Subject may not exceed 200 characters" },
  bodyLong: { detail: "Message may not exceed 5000 characters" },
  notAllowed: { detail: "You are not allowed to contact this user" },
};

const path = (username: string) => `/api/v1/users/${username}/contact` as const;
const HELLO = { subject: "Welcome Message", body: "Hello, Welcome to Cinemata!" };

async function pair() {
  const sender = await makeUserWithToken();
  const recipient = await makeUser();
  return { sender, recipient, client: new Client().withToken(sender.access) };
}

describe("POST /api/v1/users/{username}/contact", () => {
  it("the mail names the sender by display name and username, as the originals' mails do", async () => {
    const { sender, recipient, client } = await pair();
    await setProfile(sender.id, { displayName: "Ada Lovelace" });
    expectStatus(await client.post(path(recipient.username), { subject: "Hi", body: "Hello" }), 204);
    const [mail] = await outboxOf(recipient.email);
    expect(mail!.text).toContain(
      `Sender name: Ada Lovelace\nSender username: ${sender.username}\nSender email: ${sender.email}\n`,
    );
  });

  it("204 with an empty body, and one mail to the user: subject and body as sent, the sender's name and address, Reply-To the sender", async () => {
    const { sender, recipient, client } = await pair();
    const message = {
      subject: "Über «café» — 1 & 2 <b>",
      body: "Line one\nLine two\r\n\ttabbed <script>x</script> 🎬",
    };
    const res = await client.post(path(recipient.username), message);
    expectStatus(res, 204);
    expect(res.text).toBe("");
    const mails = await outboxOf(recipient.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toBe(recipient.email);
    expect(mail.subject).toBe(message.subject);
    expect(mail.text).toContain(message.body);
    expect(mail.text).toContain(sender.username);
    expect(mail.text).toContain(sender.email);
    expect(mail.replyTo).toBe(sender.email);
    expect(await outboxOf(sender.email)).toEqual([]);
  });

  it("takes a form body too, and the username case-folded, with or without the trailing slash", async () => {
    const { recipient, client } = await pair();
    const form = new URLSearchParams(HELLO);
    const res = await client.raw.post(`${path(recipient.username.toUpperCase())}/`, undefined, {
      body: form,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(204);
    expect((await outboxOf(recipient.email)).map((m) => m.subject)).toEqual([HELLO.subject]);
  });

  it("anonymous: 401 request need be authenticated, before any other check", async () => {
    const recipient = await makeUser();
    for (const target of [recipient.username, uniqueName("nobody")]) {
      const res = await new Client().post(path(target), { subject: 5 as never, body: "" });
      expectStatus(res, 401);
      expect(res.body).toEqual(MSG.anonymous);
    }
    const forged = await new UntypedClient().withToken("not.a.token").post(path(recipient.username), HELLO);
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual(MSG.anonymous);
    expect(await outboxOf(recipient.email)).toEqual([]);
  });

  it("unknown, deactivated or banned user: 404 user does not exist, before the body is looked at", async () => {
    const { client } = await pair();
    const off = await makeUser();
    await deactivate(off.id);
    const banned = await makeUser();
    await adminUpdate(banned.id, { isBanned: true });
    for (const target of [uniqueName("nobody"), off.username, banned.username]) {
      const res = await client.post(path(target), HELLO);
      expectStatus(res, 404);
      expect(res.body).toEqual(MSG.noUser);
    }
    const malformed = await client.raw.post(path(uniqueName("nobody")), undefined, {
      body: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(malformed.status).toBe(404);
    expect(malformed.body).toEqual(MSG.noUser);
  });

  it("missing, non-string or blank subject or body: 400 Subject and body are required", async () => {
    const { recipient, client } = await pair();
    const bodies: unknown[] = [
      {},
      { subject: "Hi" },
      { body: "Hi" },
      { subject: "", body: "Hi" },
      { subject: "Hi", body: "   \n\t" },
      { subject: 5, body: "Hi" },
      { subject: "Hi", body: ["Hi"] },
      { subject: { text: "Hi" }, body: "Hi" },
      { subject: null, body: "Hi" },
      { subject: true, body: false },
    ];
    for (const json of bodies) {
      const res = await client.raw.post(path(recipient.username), json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body).toEqual(MSG.required);
    }
    const empty = await client.raw.post(path(recipient.username));
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual(MSG.required);
    const malformed = await client.raw.post(path(recipient.username), undefined, {
      body: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(await outboxOf(recipient.email)).toEqual([]);
  });

  it("CR or LF in the subject: 400 Subject may not contain line breaks (before its length)", async () => {
    const { recipient, client } = await pair();
    for (const subject of ["Hi\nBcc: victim@example.com", "Hi\rthere", "x".repeat(300) + "\r\n"]) {
      const res = await client.post(path(recipient.username), { subject, body: "Hi" });
      expectStatus(res, 400);
      expect(res.body).toEqual(MSG.lineBreak);
    }
    expect(await outboxOf(recipient.email)).toEqual([]);
  });

  it("any line break in the subject (VT, FF, NEL, U+2028, U+2029) is a line break too (issue 19 item 17)", async () => {
    const { recipient, client } = await pair();
    for (const subject of [
      "Hi\u000bBcc: x",
      "Hi\u000cthere",
      "Hi\u0085there",
      "Hi\u2028there",
      "Hi\u2029there",
      "Hi\u001ethere",
    ]) {
      const res = await client.post(path(recipient.username), { subject, body: "Hi" });
      expect(res.status, JSON.stringify(subject)).toBe(400);
      expect(res.body).toEqual(MSG.lineBreak);
    }
    expect(await outboxOf(recipient.email)).toEqual([]);
  });

  it("the subject is a header: NUL, other controls, bidi controls and lone surrogates are field errors; the body is text", async () => {
    const { recipient, client } = await pair();
    const cases: [{ subject: string; body: string }, Record<string, string[]>][] = [
      [{ subject: "Hi\u0000there", body: "Hi" }, { subject: ["Null characters are not allowed."] }],
      [{ subject: "Hi\tthere", body: "Hi" }, { subject: ["Control characters are not allowed: U+0009."] }],
      [
        { subject: "Hi\u001bthere", body: "Hi" },
        { subject: ["Control characters are not allowed: U+001B."] },
      ],
      [
        { subject: "\u202eereht iH", body: "Hi" },
        { subject: ["Bidirectional control characters are not allowed: U+202E."] },
      ],
      [{ subject: "Hi\ud800", body: "Hi" }, { subject: ["Surrogate characters are not allowed: U+D800."] }],
      [{ subject: "Hi", body: "a\u0000b" }, { body: ["Null characters are not allowed."] }],
      [{ subject: "Hi", body: "a\u0007b" }, { body: ["Control characters are not allowed: U+0007."] }],
    ];
    for (const [message, fields] of cases) {
      const res = await client.raw.post(path(recipient.username), message);
      expect(res.status, JSON.stringify(message)).toBe(400);
      expect(res.body).toEqual(fields);
    }
    expect(await outboxOf(recipient.email)).toEqual([]);
  });

  it("subject: 200 characters pass, 201 are 400 (characters, not UTF-16 units)", async () => {
    const { recipient, client } = await pair();
    expectStatus(await client.post(path(recipient.username), { subject: "s".repeat(200), body: "Hi" }), 204);
    expectStatus(await client.post(path(recipient.username), { subject: "🎬".repeat(200), body: "Hi" }), 204);
    for (const subject of ["s".repeat(201), "🎬".repeat(201)]) {
      const res = await client.post(path(recipient.username), { subject, body: "Hi" });
      expectStatus(res, 400);
      expect(res.body).toEqual(MSG.subjectLong);
    }
    expect(await outboxOf(recipient.email)).toHaveLength(2);
  });

  it("body: 5,000 characters pass, 5,001 are 400, and a huge one is refused without a 500", async () => {
    const { recipient, client } = await pair();
    expectStatus(await client.post(path(recipient.username), { subject: "Hi", body: "b".repeat(5000) }), 204);
    const over = await client.post(path(recipient.username), { subject: "Hi", body: "b".repeat(5001) });
    expectStatus(over, 400);
    expect(over.body).toEqual(MSG.bodyLong);
    const big = await client.raw.post(path(recipient.username), { subject: "Hi", body: "b".repeat(500_000) });
    expect(big.status).toBe(400);
    expect(big.body).toEqual(MSG.bodyLong);
    const huge = await client.raw.post(path(recipient.username), {
      subject: "Hi",
      body: "b".repeat(3 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ detail: "Request body is too large." });
    expect(await outboxOf(recipient.email)).toHaveLength(1);
  });

  it("yourself, or a user with contact off: 403; an editor may write to both", async () => {
    const { sender, recipient, client } = await pair();
    const self = await client.post(path(sender.username), HELLO);
    expectStatus(self, 403);
    expect(self.body).toEqual(MSG.notAllowed);
    await adminUpdate(recipient.id, { allowContact: false });
    const off = await client.post(path(recipient.username), HELLO);
    expectStatus(off, 403);
    expect(off.body).toEqual(MSG.notAllowed);
    // Validation answers first, as MediaCMS checks the body before the recipient's switch.
    expect((await client.post(path(recipient.username), { subject: "", body: "" })).body).toEqual(
      MSG.required,
    );
    expect(await outboxOf(recipient.email)).toEqual([]);

    await adminUpdate(sender.id, { isEditor: true });
    expectStatus(await client.post(path(recipient.username), HELLO), 204);
    expectStatus(await client.post(path(sender.username), HELLO), 204);
    expect(await outboxOf(recipient.email)).toHaveLength(1);
    expect(await outboxOf(sender.email)).toHaveLength(1);
  });

  it("allow_contact is edited through the admin API and the user's own Twimbol profile update", async () => {
    const { recipient, client } = await pair();
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const asAdmin = new Client().withToken(admin.access);
    const off = await asAdmin.patch(`/api/admin/users/${recipient.id}/`, { allow_contact: false });
    expectStatus(off, 200);
    expect(off.body.allow_contact).toBe(false);
    expectStatus(await client.post(path(recipient.username), HELLO), 403);

    const own = await makeUserWithToken();
    const me = new Client().withToken(own.access);
    const form = (value: string) => {
      const f = new FormData();
      f.append("allow_contact", value);
      return f;
    };
    expect(
      (await me.raw.request("PATCH", `/user/api/update/${own.id}/`, { body: form("false") })).status,
    ).toBe(200);
    expect((await client.post(path(own.username), HELLO)).body).toEqual(MSG.notAllowed);
    expect(
      (await me.raw.request("PATCH", `/user/api/update/${own.id}/`, { json: { allow_contact: true } }))
        .status,
    ).toBe(200);
    expectStatus(await client.post(path(own.username), HELLO), 204);
    const bad = await me.raw.request("PATCH", `/user/api/update/${own.id}/`, { body: form("maybe") });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ allow_contact: ["Must be a valid boolean."] });
    const readBack = await asAdmin.patch(`/api/admin/users/${own.id}/`, {});
    expectStatus(readBack, 200);
    expect(readBack.body.allow_contact).toBe(true);
  });

  it("at most 10 mails per sender per hour, under parallel requests: the rest are 429 with Retry-After, in the DRF envelope", async () => {
    const sender = await makeUserWithToken();
    const recipients = await Promise.all([makeUser(), makeUser()]);
    const client = new Client().withToken(sender.access);
    const replies = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        client.post(path(recipients[i % 2]!.username), { subject: `n${i}`, body: "Hi" }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(10).fill(204), ...Array(6).fill(429)]);
    for (const over of replies.filter((r) => r.status === 429)) {
      const retry = Number(over.headers.get("Retry-After"));
      expect(retry).toBeGreaterThan(3500);
      expect(retry).toBeLessThanOrEqual(3600);
      expect(over.body).toEqual({ detail: `Request was throttled. Expected available in ${retry} seconds.` });
    }
    const sent =
      (await outboxOf(recipients[0]!.email)).length + (await outboxOf(recipients[1]!.email)).length;
    expect(sent).toBe(10);

    // Another sender has a budget of their own.
    const other = await makeUserWithToken();
    expectStatus(await new Client().withToken(other.access).post(path(recipients[0]!.username), HELLO), 204);

    // Sends older than an hour stop counting (the window is moved back rather than waited for).
    await testDeps()
      .db.update(contactMails)
      .set({ createdAt: sql`${contactMails.createdAt} - ${60 * 60 * 1000}` })
      .where(eq(contactMails.senderId, sender.id));
    expectStatus(await client.post(path(recipients[0]!.username), HELLO), 204);
  });

  it("a refused send (400, 403, 404) does not spend the sender's budget", async () => {
    const { sender, recipient, client } = await pair();
    for (let i = 0; i < 12; i++) await client.post(path(sender.username), HELLO);
    for (let i = 0; i < 3; i++) await client.post(path(recipient.username), { subject: "", body: "" });
    expectStatus(await client.post(path(recipient.username), HELLO), 204);
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users, type UserRow } from "../../src/db/schema";
import { ctxFor, systemCtx } from "../../src/domain/context";
import type { DomainError } from "../../src/domain/errors";
import { listOutbox } from "../../src/domain/mail/outbox";
import { emailKey } from "../../src/domain/users/account-rules";
import {
  EMAIL_CODE_TTL_MS,
  startEmailVerification,
  verifyEmail,
} from "../../src/domain/users/email-verification";
import { FakeClock } from "../helpers/clock";
import { makeUser, testDeps } from "../helpers/factories";

const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: DomainError) => e.reason ?? e.code,
  );
const rowOf = async (deps: ReturnType<typeof testDeps>, id: number) =>
  (await deps.db.select().from(users).where(eq(users.id, id)).get())!;
/** The request's own copy of the account, as the credential middleware reads it at the start of a request. */
const as = (deps: ReturnType<typeof testDeps>, user: UserRow) =>
  ctxFor(deps, { user, groups: [], sessionId: 0, via: "token" });

async function mailedCode(deps: ReturnType<typeof testDeps>, email: string) {
  const mails = await listOutbox(systemCtx(deps), { to: email });
  return mails.at(-1)!.text.match(/\b(\d{6})\b/)![1]!;
}

describe("email verification codes", () => {
  it("live for 3 days: just before, the code verifies", async () => {
    const clock = new FakeClock();
    const deps = testDeps({ clock });
    const u = await makeUser({}, deps);
    await startEmailVerification(deps, u.id, u.email);
    const code = await mailedCode(deps, u.email);
    clock.advance(EMAIL_CODE_TTL_MS - 1000);
    expect(await reasonOf(verifyEmail(as(deps, await rowOf(deps, u.id)), { code }))).toBe("OK");
    expect((await rowOf(deps, u.id)).emailIsVerified).toBe(true);
  });

  it("after 3 days it is expired, and says so", async () => {
    const clock = new FakeClock();
    const deps = testDeps({ clock });
    const u = await makeUser({}, deps);
    await startEmailVerification(deps, u.id, u.email);
    const code = await mailedCode(deps, u.email);
    clock.advance(EMAIL_CODE_TTL_MS + 1);
    expect(await reasonOf(verifyEmail(as(deps, await rowOf(deps, u.id)), { code }))).toBe(
      "email_code_expired",
    );
    expect((await rowOf(deps, u.id)).emailIsVerified).toBe(false);
  });

  it("an address changed between reading the account and verifying verifies nothing", async () => {
    const deps = testDeps();
    const u = await makeUser({}, deps);
    await startEmailVerification(deps, u.id, u.email);
    const code = await mailedCode(deps, u.email);
    const before = await rowOf(deps, u.id);
    // Another request moves the account to a new address while this one holds the old row.
    const moved = `moved_${u.username}@example.com`;
    await deps.db
      .update(users)
      .set({ email: moved, emailKey: emailKey(moved), emailIsVerified: false })
      .where(eq(users.id, u.id));
    expect(await reasonOf(verifyEmail(as(deps, before), { code }))).toBe("email_code_invalid");
    expect((await rowOf(deps, u.id)).emailIsVerified).toBe(false);
  });

  it("codes are stored only as HMACs, scoped to the address", async () => {
    const deps = testDeps();
    const u = await makeUser({}, deps);
    await startEmailVerification(deps, u.id, u.email);
    const code = await mailedCode(deps, u.email);
    const rows = await deps.db.query.oneTimeCodes.findMany({
      where: (t, { and, eq }) => and(eq(t.userId, u.id), eq(t.purpose, "email_verification")),
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.subject).toBe(emailKey(u.email));
    expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.codeHash).not.toContain(code);
  });

  it("past the hourly cap the registration still succeeds: no code, reported as not sent", async () => {
    const deps = testDeps();
    const u = await makeUser({}, deps);
    for (let i = 0; i < 5; i++) expect(await startEmailVerification(deps, u.id, u.email)).toBe(true);
    expect(await startEmailVerification(deps, u.id, u.email)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { CODE_TTL_MS } from "../../src/domain/codes/one-time-code";
import { anonymousCtx, systemCtx } from "../../src/domain/context";
import type { DomainError } from "../../src/domain/errors";
import { confirmPasswordReset, requestPasswordReset } from "../../src/domain/users/password-reset";
import { listOutbox } from "../../src/domain/mail/outbox";
import { FakeClock } from "../helpers/clock";
import { makeUser, testDeps } from "../helpers/factories";

// A refusal is compared by its retry delay: RATE_LIMITED carries seconds, not words.
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: DomainError) =>
      e.retryAfterSeconds !== undefined ? String(e.retryAfterSeconds) : (e.reason ?? e.code),
  );

async function codeFor(deps: ReturnType<typeof testDeps>, email: string) {
  const mails = await listOutbox(systemCtx(deps), { to: email });
  return mails.at(-1)!.text.match(/\b(\d{6})\b/)![1]!;
}

describe("one-time codes resist guessing", () => {
  it("concurrent wrong guesses cannot test more than five against a code", async () => {
    const deps = testDeps();
    const u = await makeUser({}, deps);
    await requestPasswordReset(anonymousCtx(deps), { email: u.email });
    const code = await codeFor(deps, u.email);
    const wrong = code === "000000" ? "111111" : "000000";
    const guesses = await Promise.all(
      Array.from({ length: 12 }, () =>
        reasonOf(
          confirmPasswordReset(anonymousCtx(deps), {
            email: u.email,
            code: wrong,
            newPassword: "Never-lands-99",
          }),
        ),
      ),
    );
    expect(guesses.every((g) => g === "reset_invalid")).toBe(true);
    expect(
      await reasonOf(
        confirmPasswordReset(anonymousCtx(deps), { email: u.email, code, newPassword: "Never-lands-99" }),
      ),
    ).toBe("reset_invalid");
  });

  it("the fifth guess may still be the right one", async () => {
    const deps = testDeps();
    const u = await makeUser({}, deps);
    await requestPasswordReset(anonymousCtx(deps), { email: u.email });
    const code = await codeFor(deps, u.email);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++)
      await reasonOf(
        confirmPasswordReset(anonymousCtx(deps), {
          email: u.email,
          code: wrong,
          newPassword: "Fifth-time-lucky-9",
        }),
      );
    expect(
      await reasonOf(
        confirmPasswordReset(anonymousCtx(deps), { email: u.email, code, newPassword: "Fifth-time-lucky-9" }),
      ),
    ).toBe("OK");
  });

  it("at most five codes an hour per scope: asking again cannot reset the guess budget", async () => {
    const clock = new FakeClock();
    const deps = testDeps({ clock });
    const u = await makeUser({}, deps);
    for (let i = 0; i < 5; i++)
      expect(await reasonOf(requestPasswordReset(anonymousCtx(deps), { email: u.email }))).toBe("OK");
    expect(await reasonOf(requestPasswordReset(anonymousCtx(deps), { email: u.email }))).toBe("3600");
    clock.advance(60 * 60 * 1000 + 1);
    expect(await reasonOf(requestPasswordReset(anonymousCtx(deps), { email: u.email }))).toBe("OK");
  });
});

describe("password reset codes expire after 10 minutes", () => {
  it("a code used after its expiry says so", async () => {
    const clock = new FakeClock();
    const deps = testDeps({ clock });
    const u = await makeUser({}, deps);
    await requestPasswordReset(anonymousCtx(deps), { email: u.email });
    const code = await codeFor(deps, u.email);
    clock.advance(CODE_TTL_MS + 1);
    expect(
      await reasonOf(
        confirmPasswordReset(anonymousCtx(deps), { email: u.email, code, newPassword: "Later-than-late-9" }),
      ),
    ).toBe("reset_expired");
    expect(
      await reasonOf(
        confirmPasswordReset(anonymousCtx(deps), { email: u.email, code, newPassword: "Later-than-late-9" }),
      ),
    ).toBe("reset_expired");
  });

  it("a code used just before its expiry works", async () => {
    const clock = new FakeClock();
    const deps = testDeps({ clock });
    const u = await makeUser({}, deps);
    await requestPasswordReset(anonymousCtx(deps), { email: u.email });
    const code = await codeFor(deps, u.email);
    clock.advance(CODE_TTL_MS - 1000);
    expect(
      await reasonOf(
        confirmPasswordReset(anonymousCtx(deps), { email: u.email, code, newPassword: "Just-in-time-9" }),
      ),
    ).toBe("OK");
  });

  it("codes are stored only as HMACs", async () => {
    const deps = testDeps();
    const u = await makeUser({}, deps);
    await requestPasswordReset(anonymousCtx(deps), { email: u.email });
    const code = await codeFor(deps, u.email);
    const rows = await deps.db.query.oneTimeCodes.findMany({ where: (t, { eq }) => eq(t.userId, u.id) });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.codeHash).not.toContain(code);
  });
});

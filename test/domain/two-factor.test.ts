import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { logIn } from "../../src/domain/auth/authenticate";
import { completeTwoFactorLogin } from "../../src/domain/auth/two-factor/complete-login";
import { beginTotpEnrolment, confirmTotpEnrolment } from "../../src/domain/auth/two-factor/enrol";
import { regenerateRecoveryCodes } from "../../src/domain/auth/two-factor/manage";
import { MFA_TICKET_TTL_MS } from "../../src/domain/auth/two-factor/tickets";
import { anonymousCtx, ctxFor } from "../../src/domain/context";
import type { Deps } from "../../src/domain/deps";
import { DomainError } from "../../src/domain/errors";
import { openSecret } from "../../src/infra/totp-cipher";
import { FakeClock } from "../helpers/clock";
import { makeUserWithToken, testDeps, viewerOf } from "../helpers/factories";
import { PASSWORD } from "../helpers/fixtures";
import { totpCodeOf } from "../helpers/totp";

const STEP = 30_000;
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: DomainError) => (e.reason ? `${e.code}:${e.reason}` : e.code),
  );
const ROUTE = { id: "test", kind: "token" } as const;

/** A user with 2FA on, enrolled at the start of a step far from now; the clock is the test's. */
async function enrolled() {
  const start = Math.floor(Date.now() / STEP) * STEP - 100 * STEP;
  const clock = new FakeClock(start + 1000);
  const deps = testDeps({ clock });
  const made = await makeUserWithToken();
  const ctx = ctxFor(deps, await viewerOf(made.access, deps));
  const { secret } = await beginTotpEnrolment(ctx);
  const { recoveryCodes } = await confirmTotpEnrolment(ctx, {
    code: totpCodeOf(secret, clock.now()),
    password: PASSWORD,
  });
  return { made, clock, deps, ctx, secret, recoveryCodes, start };
}

const failedLogins = async (userId: number) =>
  (await env.DB.prepare("SELECT failed_logins FROM users WHERE id = ?")
    .bind(userId)
    .first<{ failed_logins: number }>())!.failed_logins;

async function ticketFor(deps: Deps, username: string, password: string) {
  const err = await logIn(anonymousCtx(deps), { username, password, route: ROUTE, client: {} }).then(
    () => null,
    (e: DomainError) => e,
  );
  expect(err?.code).toBe("MFA_REQUIRED");
  return err!.mfaToken!;
}

describe("TOTP codes at step boundaries (controllable clock)", () => {
  it("accepts the previous, current and next step, refuses two steps back and ahead", async () => {
    const { clock, ctx, secret } = await enrolled();
    clock.advance(10 * STEP);
    const now = clock.now();
    const regen = (offset: number) =>
      outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, now, offset) }));
    expect(await regen(-2)).toBe("BAD_REQUEST:totp_code_invalid");
    expect(await regen(2)).toBe("BAD_REQUEST:totp_code_invalid");
    expect(await regen(-1)).toBe("OK");
    expect(await regen(0)).toBe("OK");
    expect(await regen(1)).toBe("OK");
  });

  it("at the first and last millisecond of a step, the window is that step ± 1", async () => {
    const { clock, ctx, secret, start } = await enrolled();
    const stepStart = start + 20 * STEP;
    clock.advance(stepStart - clock.now().getTime());
    const at = new Date(stepStart);
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, at, -1) }))).toBe("OK");
    clock.advance(STEP - 1); // the last millisecond of the same step
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, at, -2) }))).toBe(
      "BAD_REQUEST:totp_code_invalid",
    );
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, at, 1) }))).toBe("OK");
    clock.advance(1); // the next step begins: the code of step+1 is now the current one, and already used
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, at, 1) }))).toBe(
      "BAD_REQUEST:totp_code_invalid",
    );
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, at, 2) }))).toBe("OK");
  });

  it("refuses a replay in the same step and any code of an older step once a later one was used", async () => {
    const { clock, ctx, secret } = await enrolled();
    clock.advance(30 * STEP);
    const now = clock.now();
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, now, 1) }))).toBe("OK");
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, now, 1) }))).toBe(
      "BAD_REQUEST:totp_code_invalid",
    );
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, now, 0) }))).toBe(
      "BAD_REQUEST:totp_code_invalid",
    );
    expect(await outcome(regenerateRecoveryCodes(ctx, { code: totpCodeOf(secret, now, -1) }))).toBe(
      "BAD_REQUEST:totp_code_invalid",
    );
  });

  it("the secret is stored AES-GCM sealed, bound to its user, never as base32", async () => {
    const { made, deps, secret } = await enrolled();
    const row = await env.DB.prepare("SELECT secret_ciphertext FROM totp_secrets WHERE user_id = ?")
      .bind(made.id)
      .first<{ secret_ciphertext: string }>();
    expect(row!.secret_ciphertext).not.toContain(secret);
    const opened = await openSecret(deps.config.totpKeyMaterial, made.id, row!.secret_ciphertext);
    expect(opened).toHaveLength(20);
    await expect(
      openSecret(deps.config.totpKeyMaterial, made.id + 1, row!.secret_ciphertext),
    ).rejects.toThrow();
  });
});

describe("mfa_token tickets", () => {
  it("expire after five minutes", async () => {
    const { made, clock, deps, secret } = await enrolled();
    clock.advance(40 * STEP);
    const token = await ticketFor(deps, made.username, made.password);
    clock.advance(MFA_TICKET_TTL_MS + 1);
    const done = completeTwoFactorLogin(anonymousCtx(deps), {
      mfaToken: token,
      code: totpCodeOf(secret, clock.now()),
      client: {},
      routes: [ROUTE],
    });
    expect(await outcome(done)).toBe("UNAUTHENTICATED:mfa_token_invalid");
  });

  it("complete once, only under the route they were issued for", async () => {
    const { made, clock, deps, secret } = await enrolled();
    clock.advance(50 * STEP);
    const token = await ticketFor(deps, made.username, made.password);
    const complete = (offset: number, routes = [ROUTE as { id: string; kind: "token" | "cookie" }]) =>
      outcome(
        completeTwoFactorLogin(anonymousCtx(deps), {
          mfaToken: token,
          code: totpCodeOf(secret, clock.now(), offset),
          client: {},
          routes,
        }),
      );
    expect(await complete(-1, [{ id: "other", kind: "token" }])).toBe("UNAUTHENTICATED:mfa_token_invalid");
    expect(await complete(-1, [{ id: "test", kind: "cookie" }])).toBe("UNAUTHENTICATED:mfa_token_invalid");
    expect(await complete(-1)).toBe("OK");
    expect(await complete(0)).toBe("UNAUTHENTICATED:mfa_token_invalid");
  });

  it("a right password hands its guess back; the wrong codes after it count, and a success resets the count", async () => {
    const { made, clock, deps, secret } = await enrolled();
    clock.advance(60 * STEP);
    const token = await ticketFor(deps, made.username, made.password);
    expect(await failedLogins(made.id)).toBe(0);
    const complete = (code: string) =>
      outcome(
        completeTwoFactorLogin(anonymousCtx(deps), { mfaToken: token, code, client: {}, routes: [ROUTE] }),
      );
    expect(await complete("000000")).toBe("BAD_REQUEST:totp_code_invalid");
    expect(await complete("not-a-code")).toBe("BAD_REQUEST:totp_code_invalid");
    expect(await failedLogins(made.id)).toBe(2);
    expect(await complete(totpCodeOf(secret, clock.now()))).toBe("OK");
    expect(await failedLogins(made.id)).toBe(0);
  });
});

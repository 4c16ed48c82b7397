import { and, eq, isNull } from "drizzle-orm";
import { recoveryCodes, totpSecrets } from "../../../db/schema";
import { base32, newTotpSecret, otpauthUrl, qrSvg } from "../../../infra/totp";
import { sealSecret } from "../../../infra/totp-cipher";
import type { Ctx } from "../../context";
import { DomainError } from "../../errors";
import { mails } from "../../mail/messages";
import { requireUser } from "../../policy/ownership";
import { guessPassword } from "../authenticate";
import { closeEndedSockets, revokeOtherSessionsStatement } from "../sessions";
import { guessCode, newRecoveryCodes, recoveryCodeRows, totpRowOf } from "./codes";

/** What authenticator apps show above the account name. */
const ISSUER = "edge-social-api";

export interface PendingTotp {
  /** Base32, 160 bits. */
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

/**
 * Shows a new secret to enrol (GET activate). It is pending until a first code confirms it;
 * asking again replaces a pending one (the last one shown is the one to scan), never a
 * confirmed one.
 */
export async function beginTotpEnrolment(ctx: Ctx): Promise<PendingTotp> {
  const { user } = requireUser(ctx);
  const { deps } = ctx;
  const secret = newTotpSecret();
  const sealed = await sealSecret(deps.config.totpKeyMaterial, user.id, secret);
  const values = {
    userId: user.id,
    secretCiphertext: sealed,
    confirmedAt: null,
    lastStep: 0,
    createdAt: deps.clock.now(),
  };
  const stored = await deps.db
    .insert(totpSecrets)
    .values(values)
    .onConflictDoUpdate({
      target: totpSecrets.userId,
      set: values,
      setWhere: isNull(totpSecrets.confirmedAt),
    })
    .returning({ userId: totpSecrets.userId })
    .get();
  if (!stored) throw new DomainError("CONFLICT", "two_factor_already_on");
  const url = otpauthUrl(ISSUER, user.username, secret);
  return { secret: base32(secret), otpauthUrl: url, qrSvg: qrSvg(url) };
}

/**
 * Confirms the pending secret with the password and its first valid code: 2FA is on from
 * here, and the ten recovery codes are answered once (only their hashes are kept). Both are
 * guesses under the shared lockout. Every other session of the user ends, as after a
 * password change: a session someone else held (the reason to turn 2FA on) must not outlive it.
 */
export async function confirmTotpEnrolment(
  ctx: Ctx,
  { code, password }: { code: string; password: string },
): Promise<{ recoveryCodes: string[] }> {
  const viewer = requireUser(ctx);
  const { user } = viewer;
  const { deps } = ctx;
  const row = await totpRowOf(deps, user.id);
  if (row?.confirmedAt) throw new DomainError("CONFLICT", "two_factor_already_on");
  if (!row) throw new DomainError("CONFLICT", "totp_not_pending");
  // A session left open on a shared machine must not turn 2FA on for its owner: the password first.
  const { ok } = await guessPassword(deps, user, password, { release: true });
  if (!ok) throw new DomainError("BAD_REQUEST", "two_factor_password_invalid");
  // The guarded step update also pins the secret that was checked: a newer GET in between loses.
  await guessCode(deps, user, row, code, { pending: true });
  // Only the secret the code proved, and only once: a parallel confirmation finds 2FA already on.
  const confirmed = await deps.db
    .update(totpSecrets)
    .set({ confirmedAt: deps.clock.now() })
    .where(
      and(
        eq(totpSecrets.userId, user.id),
        eq(totpSecrets.secretCiphertext, row.secretCiphertext),
        isNull(totpSecrets.confirmedAt),
      ),
    )
    .returning({ userId: totpSecrets.userId })
    .get();
  if (!confirmed) throw new DomainError("CONFLICT", "two_factor_already_on");
  const codes = newRecoveryCodes();
  await deps.db.batch([
    deps.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)),
    deps.db.insert(recoveryCodes).values(await recoveryCodeRows(user.id, codes)),
    revokeOtherSessionsStatement(deps, user.id, viewer.sessionId),
  ]);
  closeEndedSockets(deps, user.id);
  if (user.email) deps.defer(deps.mailer.send(mails.twoFactorEnabled(user.email, user.username)));
  return { recoveryCodes: codes };
}

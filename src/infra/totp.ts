// RFC 6238 TOTP over @oslojs/otp's HOTP: the step comes from our clock, never from Date.now().
import { encodeBase32NoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";
import { renderSVG } from "uqr";

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps of clock drift accepted either way. */
export const TOTP_DRIFT_STEPS = 1;
/** 160 bits, RFC 4226's recommended HMAC-SHA-1 key length. */
const SECRET_BYTES = 20;

export const newTotpSecret = () => crypto.getRandomValues(new Uint8Array(SECRET_BYTES));

export const base32 = (secret: Uint8Array) => encodeBase32NoPadding(secret);

export const stepAt = (now: Date) => Math.floor(now.getTime() / (TOTP_STEP_SECONDS * 1000));

export const totpCode = (secret: Uint8Array, step: number) => generateHOTP(secret, BigInt(step), TOTP_DIGITS);

/** The step (of now ± drift) a code is right for, latest first; null when none. */
export function matchingStep(secret: Uint8Array, code: string, now: Date): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const current = stepAt(now);
  for (let step = current + TOTP_DRIFT_STEPS; step >= current - TOTP_DRIFT_STEPS; step--) {
    if (verifyHOTP(secret, BigInt(step), TOTP_DIGITS, code)) return step;
  }
  return null;
}

export const otpauthUrl = (issuer: string, account: string, secret: Uint8Array) =>
  createTOTPKeyURI(issuer, account, secret, TOTP_STEP_SECONDS, TOTP_DIGITS);

export const qrSvg = (text: string) => renderSVG(text, { border: 2 });

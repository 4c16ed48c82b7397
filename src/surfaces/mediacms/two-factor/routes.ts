// Issue 13: two-factor authentication (TOTP, RFC 6238) for every API, enrolled and completed here, in MediaCMS's {"detail": …}.
import { Hono } from "hono";
import * as z from "zod";
import { completeTwoFactorLogin } from "../../../domain/auth/two-factor/complete-login";
import { beginTotpEnrolment, confirmTotpEnrolment } from "../../../domain/auth/two-factor/enrol";
import {
  regenerateRecoveryCodes,
  turnOffTwoFactor,
  twoFactorStatus,
} from "../../../domain/auth/two-factor/manage";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { clientInfo } from "../../../http/credentials";
import { isCrossSite } from "../../../http/csrf";
import { answerCompletedLogin, completedLoginBody, loginRoutes } from "../../login-routes";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../../shared/drf-error-schemas";
import { secret } from "../../shared/text";
import { accountRoute as route } from "../declare";
import { MEDIACMS_MSG } from "../errors";

export const codeBody = z.object({ code: secret().max(64) });
export const deactivateBody = z.object({ code: secret().max(64), password: secret().max(4096) });
export const authenticateBody = z.object({ mfa_token: secret().max(256), code: secret().max(64) });
export const activateBody = deactivateBody;

const pendingBody = z.object({ secret: z.string(), otpauth_url: z.string(), qr_svg: z.string() });
const recoveryCodesBody = z.object({ recovery_codes: z.array(z.string()) });
const statusBody = z.object({ enabled: z.boolean(), recovery_codes_left: z.number().int() });
const successBody = z.object({ status: z.literal("success"), message: z.string() });

const ok = (description: string, schema: z.ZodType) => ({ description, schema });
const BAD_CODE = drfError("Field errors, or `Incorrect code.`", drfBadRequest);
const LOCKED = drfError("Locked out (five wrong passwords or codes)");

export const twoFactorRoutes = new Hono<AppEnv>();

twoFactorRoutes.get(
  "/accounts/2fa/",
  route({
    summary: "Whether 2FA is on, and how many recovery codes are left",
    auth: true,
    responses: { 200: ok("Status", statusBody), 401: DRF_UNAUTHENTICATED },
  }),
  async (c) => {
    const status = await twoFactorStatus(ctxOf(c));
    return c.json({ enabled: status.enabled, recovery_codes_left: status.recoveryCodesLeft });
  },
);

twoFactorRoutes.get(
  "/accounts/2fa/totp/activate",
  route({
    summary:
      "A new pending TOTP secret (160 bits, base32), its otpauth:// URL and that URL as a QR code (SVG)",
    auth: true,
    responses: {
      200: ok("The pending secret", pendingBody),
      401: DRF_UNAUTHENTICATED,
      409: drfError("2FA is already on"),
    },
  }),
  async (c) => {
    const pending = await beginTotpEnrolment(ctxOf(c));
    // Shown once, to this user: no cache may keep it.
    c.header("Cache-Control", "no-store");
    return c.json({ secret: pending.secret, otpauth_url: pending.otpauthUrl, qr_svg: pending.qrSvg });
  },
);

twoFactorRoutes.post(
  "/accounts/2fa/totp/activate",
  route({
    summary:
      "Turn 2FA on with the password and a first code of the pending secret; answers the ten recovery codes, once; every other session ends",
    auth: true,
    json: activateBody,
    responses: {
      200: ok("The recovery codes", recoveryCodesBody),
      400: drfError("Field errors, `Incorrect password.` or `Incorrect code.`", drfBadRequest),
      401: DRF_UNAUTHENTICATED,
      403: LOCKED,
      409: drfError("2FA already on, or no pending secret"),
    },
  }),
  async (c) => {
    const { recoveryCodes } = await confirmTotpEnrolment(ctxOf(c), c.req.valid("json"));
    c.header("Cache-Control", "no-store");
    return c.json({ recovery_codes: recoveryCodes });
  },
);

twoFactorRoutes.post(
  "/accounts/2fa/totp/deactivate",
  route({
    summary: "Turn 2FA off with the password and a code; every other session ends",
    auth: true,
    json: deactivateBody,
    responses: {
      200: ok("2FA is off", statusBody),
      400: drfError("Field errors, `Incorrect password.` or `Incorrect code.`", drfBadRequest),
      401: DRF_UNAUTHENTICATED,
      403: LOCKED,
      409: drfError("2FA is not on"),
    },
  }),
  async (c) => {
    await turnOffTwoFactor(ctxOf(c), c.req.valid("json"));
    return c.json({ enabled: false, recovery_codes_left: 0 });
  },
);

twoFactorRoutes.post(
  "/accounts/2fa/recovery-codes/regenerate",
  route({
    summary: "Ten new recovery codes for a current TOTP code; the old ones stop working",
    auth: true,
    json: codeBody,
    responses: {
      200: ok("The new recovery codes", recoveryCodesBody),
      400: BAD_CODE,
      401: DRF_UNAUTHENTICATED,
      403: LOCKED,
      409: drfError("2FA is not on"),
    },
  }),
  async (c) => {
    const { recoveryCodes } = await regenerateRecoveryCodes(ctxOf(c), c.req.valid("json"));
    c.header("Cache-Control", "no-store");
    return c.json({ recovery_codes: recoveryCodes });
  },
);

twoFactorRoutes.post(
  "/accounts/2fa/authenticate",
  route({
    summary:
      "Complete a login that answered 401 with an `mfa_token`, with a TOTP or recovery code: answers exactly what that login route answers on success (the game's sessionid cookie and body, Twimbol's tokens, …)",
    json: authenticateBody,
    responses: {
      200: ok("The issuing login route's own success answer, cookie included", completedLoginBody),
      400: BAD_CODE,
      401: drfError("Unknown, expired or used mfa_token (or a cookie login's, sent from another site)"),
      403: LOCKED,
    },
  }),
  async (c) => {
    const { mfa_token, code } = c.req.valid("json");
    // A cookie login may not be completed from another site (login CSRF), as the game's own login refuses it;
    // token logins may: the Twimbol web client lives on another origin.
    const crossSite = isCrossSite(c.req.raw, c.var.deps.config.csrfTrustedOrigins);
    const routes = crossSite ? loginRoutes.filter((r) => r.kind !== "cookie") : loginRoutes;
    const done = await completeTwoFactorLogin(ctxOf(c), {
      mfaToken: mfa_token,
      code,
      client: clientInfo(c),
      routes,
    });
    return answerCompletedLogin(c, done);
  },
);

twoFactorRoutes.get(
  "/accounts/2fa/totp/success",
  route({
    summary: "Where a completed 2FA login lands",
    auth: true,
    responses: { 200: ok("Done", successBody), 401: DRF_UNAUTHENTICATED },
  }),
  (c) => c.json({ status: "success" as const, message: MEDIACMS_MSG.twoFactorCompleted }),
);

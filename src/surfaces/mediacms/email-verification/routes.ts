// Issue 25: verifying the account's email address, for every API, beside the shared 2FA routes in MediaCMS's {"detail": …}.
// MediaCMS's allauth mails a link (`/accounts/confirm-email/<key>/`) built from the site's own address; this service
// knows no public address of its own, so the mail carries a 6-digit code and the signed-in owner sends it here.
import { Hono } from "hono";
import * as z from "zod";
import { resendEmailVerification, verifyEmail } from "../../../domain/users/email-verification";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfDetail, drfError } from "../../shared/drf-error-schemas";
import { secret } from "../../shared/text";
import { accountRoute as route } from "../declare";
import { MEDIACMS_MSG } from "../errors";

const verifyBody = z.object({ code: secret().max(64) });
const verifiedBody = z.object({ email: z.string(), email_is_verified: z.literal(true) });

const NO_ADDRESS = drfError("The account has no email address, or it is already verified");

export const emailVerificationRoutes = new Hono<AppEnv>();

emailVerificationRoutes.post(
  "/accounts/email/verify",
  route({
    summary:
      "Verify my email address with the code mailed at registration or at an address change (single use, valid 3 days)",
    auth: true,
    json: verifyBody,
    responses: {
      200: { description: "Verified", schema: verifiedBody },
      400: drfError(
        "Field errors, `Invalid verification code.` or `Verification code expired.`",
        drfBadRequest,
      ),
      401: DRF_UNAUTHENTICATED,
      409: NO_ADDRESS,
    },
  }),
  async (c) => {
    const user = await verifyEmail(ctxOf(c), c.req.valid("json"));
    return c.json({ email: user.email ?? "", email_is_verified: true as const });
  },
);

emailVerificationRoutes.post(
  "/accounts/email/verify/resend",
  route({
    summary: "Mail my address a new verification code (earlier codes stop working; at most five an hour)",
    auth: true,
    responses: {
      200: { description: "Sent", schema: drfDetail },
      401: DRF_UNAUTHENTICATED,
      409: NO_ADDRESS,
      429: drfError("Five codes were sent this hour"),
      503: drfError("The mail could not be sent"),
    },
  }),
  async (c) => {
    await resendEmailVerification(ctxOf(c));
    return c.json({ detail: MEDIACMS_MSG.verificationSent });
  },
);

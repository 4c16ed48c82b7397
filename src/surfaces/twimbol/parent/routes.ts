// seed 004 §10 Parental Controls; the original clients also use the underscore spellings.
import { Hono } from "hono";
import { requestParentOtp, verifyParentOtp } from "../../../domain/parental/parent-link";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { clientInfo } from "../../../http/credentials";
import { route } from "../declare";
import { drfError, drfFieldErrors, drfNonFieldErrors } from "../error-schemas";
import { messageBody } from "../response-schemas";
import { parentOtpRequestBody, parentOtpVerifyBody } from "../schemas";

const BAD_REQUEST = drfError("non_field_errors / field errors", drfFieldErrors.or(drfNonFieldErrors));
export const parentRoutes = new Hono<AppEnv>();

for (const path of ["/api/parent/request-otp/", "/api/parent/request_otp/"]) {
  parentRoutes.post(
    path,
    route({
      summary: "Mail a 6-digit OTP to a parent to link a child account",
      json: parentOtpRequestBody,
      responses: {
        200: { description: "OTP sent to parent email.", schema: messageBody },
        400: BAD_REQUEST,
        429: drfError("Too many parent addresses for this child or from this client today"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      await requestParentOtp(ctxOf(c), {
        childId: body.child_id,
        parentEmail: body.parent_email,
        ip: clientInfo(c).ip,
      });
      return c.json({ message: "OTP sent to parent email." });
    },
  );
}

for (const path of ["/api/parent/verify-otp/", "/api/parent/verify_otp/"]) {
  parentRoutes.post(
    path,
    route({
      summary: "Verify the OTP and link the parent",
      json: parentOtpVerifyBody,
      responses: {
        200: { description: "OTP verified successfully.", schema: messageBody },
        400: { ...BAD_REQUEST, description: "Invalid OTP. / OTP expired." },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      await verifyParentOtp(ctxOf(c), {
        childId: body.child_id,
        parentEmail: body.parent_email,
        otpCode: body.otp_code,
      });
      return c.json({ message: "OTP verified successfully." });
    },
  );
}

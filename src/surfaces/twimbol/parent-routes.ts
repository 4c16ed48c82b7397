// seed 004 §10 Parental Controls; the original clients also use the underscore spellings.
import { Hono } from "hono";
import { requestParentOtp, verifyParentOtp } from "../../domain/parental/parent-link";
import type { AppEnv } from "../../env";
import { clientInfo } from "../../http/credentials";
import { doc } from "../../http/openapi";
import { validate } from "../../http/validator";
import { parentOtpRequestBody, parentOtpVerifyBody } from "./schemas";

const TAG = "twimbol";
export const parentRoutes = new Hono<AppEnv>();

for (const path of ["/api/parent/request-otp/", "/api/parent/request_otp/"]) {
  parentRoutes.post(
    path,
    doc({ tag: TAG, summary: "Mail a 6-digit OTP to a parent to link a child account", json: parentOtpRequestBody, responses: { 200: "OTP sent to parent email.", 400: "non_field_errors / field errors", 429: "Too many parent addresses for this child or from this client today" } }),
    validate("json", parentOtpRequestBody),
    async (c) => {
      const body = c.req.valid("json");
      await requestParentOtp(c.var.deps, { childId: body.child_id, parentEmail: body.parent_email, ip: clientInfo(c).ip });
      return c.json({ message: "OTP sent to parent email." });
    },
  );
}

for (const path of ["/api/parent/verify-otp/", "/api/parent/verify_otp/"]) {
  parentRoutes.post(
    path,
    doc({ tag: TAG, summary: "Verify the OTP and link the parent", json: parentOtpVerifyBody, responses: { 200: "OTP verified successfully.", 400: "Invalid OTP. / OTP expired." } }),
    validate("json", parentOtpVerifyBody),
    async (c) => {
      const body = c.req.valid("json");
      await verifyParentOtp(c.var.deps, { childId: body.child_id, parentEmail: body.parent_email, otpCode: body.otp_code });
      return c.json({ message: "OTP verified successfully." });
    },
  );
}

// seed 004 §3 Password Management.
import { Hono } from "hono";
import { changePassword } from "../../../domain/users/change-password";
import { confirmPasswordReset, requestPasswordReset } from "../../../domain/users/password-reset";
import type { AppEnv } from "../../../env";
import { ctxOf } from "../../../http/context";
import { route } from "../declare";
import { DRF_UNAUTHENTICATED, drfBadRequest, drfError } from "../error-schemas";
import { detailBody } from "../response-schemas";
import { changePasswordBody, forgotPasswordBody, resetPasswordBody } from "../schemas";

const detail = (description: string) => ({ description, schema: detailBody });
export const passwordRoutes = new Hono<AppEnv>();

passwordRoutes.put(
  "/user/change-password/",
  route({
    summary:
      "Change password (mails a confirmation; ends every other session, this one and its tokens keep working)",
    auth: true,
    json: changePasswordBody,
    responses: {
      200: detail("Password updated successfully"),
      400: drfError("Wrong password / weak password", drfBadRequest),
      401: DRF_UNAUTHENTICATED,
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    await changePassword(ctxOf(c), { oldPassword: body.old_password, newPassword: body.new_password });
    return c.json({ detail: "Password updated successfully" });
  },
);

passwordRoutes.post(
  "/user/forgot-password/",
  route({
    summary: "Mail a 6-digit reset code (valid 10 minutes)",
    json: forgotPasswordBody,
    responses: {
      200: detail("Password reset code sent to email."),
      400: drfError(
        "No account with this email. / This email address has not been verified. (RESET_TO_UNVERIFIED_EMAIL=false) / field errors",
        drfBadRequest,
      ),
    },
  }),
  async (c) => {
    await requestPasswordReset(ctxOf(c), { email: c.req.valid("json").email });
    return c.json({ detail: "Password reset code sent to email." });
  },
);

passwordRoutes.post(
  "/user/reset-password-confirm/",
  route({
    summary: "Set a new password with the mailed code",
    json: resetPasswordBody,
    responses: {
      200: detail("Password reset successful."),
      400: drfError("Invalid or expired reset code. / Reset code expired. / field errors", drfBadRequest),
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    await confirmPasswordReset(ctxOf(c), {
      email: body.email,
      code: body.code,
      newPassword: body.new_password,
    });
    return c.json({ detail: "Password reset successful." });
  },
);

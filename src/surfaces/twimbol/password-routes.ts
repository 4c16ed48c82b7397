// seed 004 §3 Password Management.
import { Hono } from "hono";
import { changePassword } from "../../domain/users/change-password";
import { confirmPasswordReset, requestPasswordReset } from "../../domain/users/password-reset";
import type { AppEnv } from "../../env";
import { authenticated, requireViewer } from "../../http/credentials";
import { doc } from "../../http/openapi";
import { validate } from "../../http/validator";
import { changePasswordBody, forgotPasswordBody, resetPasswordBody } from "./schemas";

const TAG = "twimbol";
export const passwordRoutes = new Hono<AppEnv>();

passwordRoutes.put(
  "/user/change-password/",
  doc({ tag: TAG, summary: "Change password (mails a confirmation; ends every other session, this one and its tokens keep working)", auth: true, json: changePasswordBody, responses: { 200: "Password updated successfully", 400: "Wrong password / weak password", 401: "Not authenticated" } }),
  authenticated,
  validate("json", changePasswordBody),
  async (c) => {
    const viewer = await requireViewer(c);
    const body = c.req.valid("json");
    await changePassword(c.var.deps, viewer, { oldPassword: body.old_password, newPassword: body.new_password });
    return c.json({ detail: "Password updated successfully" });
  },
);

passwordRoutes.post(
  "/user/forgot-password/",
  doc({ tag: TAG, summary: "Mail a 6-digit reset code (valid 10 minutes)", json: forgotPasswordBody, responses: { 200: "Password reset code sent to email.", 400: "No account with this email." } }),
  validate("json", forgotPasswordBody),
  async (c) => {
    await requestPasswordReset(c.var.deps, c.req.valid("json").email);
    return c.json({ detail: "Password reset code sent to email." });
  },
);

passwordRoutes.post(
  "/user/reset-password-confirm/",
  doc({ tag: TAG, summary: "Set a new password with the mailed code", json: resetPasswordBody, responses: { 200: "Password reset successful.", 400: "Invalid or expired reset code. / Reset code expired." } }),
  validate("json", resetPasswordBody),
  async (c) => {
    const body = c.req.valid("json");
    await confirmPasswordReset(c.var.deps, { email: body.email, code: body.code, newPassword: body.new_password });
    return c.json({ detail: "Password reset successful." });
  },
);

import * as z from "zod";

const INTEGER = "A valid integer is required.";

/** DRF's IntegerField takes 7 or "7". */
const id = z.union([z.number(), z.string().regex(/^\s*\d+\s*$/, INTEGER)], INTEGER).transform(Number).pipe(z.number().int(INTEGER).min(1, INTEGER));

const required = z.string().min(1, "This field may not be blank.");

export const loginBody = z.object({ username: required, password: required });
export const refreshBody = z.object({ refresh: required });

export const registerBody = z.object({
  username: z.string(),
  email: required,
  password: z.string(),
  /** YYYY-MM-DD; checked by the domain so its error comes with every other one. */
  birthday: z.string().optional(),
});

export const profileUpdateFields = z.object({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  user_phone: z.string().optional(),
  user_address: z.string().optional(),
  user_social_fb: z.string().optional(),
  user_social_twt: z.string().optional(),
  user_social_yt: z.string().optional(),
});
export const profileUpdateForm = profileUpdateFields.extend({ profile_pic: z.any().optional().describe("Image file") });

export const changePasswordBody = z.object({ old_password: z.string(), new_password: z.string() });
export const forgotPasswordBody = z.object({ email: required });
export const resetPasswordBody = z.object({ email: required, code: z.coerce.string(), new_password: z.string() });

export const targetUserBody = z.object({ user_id: id });
export const creatorApplicationBody = z.object({ user: id.optional() });

export const parentOtpRequestBody = z.object({ child_id: id, parent_email: required });
export const parentOtpVerifyBody = parentOtpRequestBody.extend({ otp_code: z.coerce.string() });

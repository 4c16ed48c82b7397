import * as z from "zod";

const BAD_DATE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.";
const INTEGER = "A valid integer is required.";

/** A real calendar date written YYYY-MM-DD (so 2001-02-30 is refused too). */
const isoDate = z.string().refine((s) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}, BAD_DATE);

/** DRF's IntegerField takes 7 or "7". */
const id = z.union([z.number(), z.string().regex(/^\s*\d+\s*$/, INTEGER)], INTEGER).transform(Number).pipe(z.number().int(INTEGER).min(1, INTEGER));

const required = z.string().min(1, "This field may not be blank.");

export const loginBody = z.object({ username: required, password: required });
export const refreshBody = z.object({ refresh: required });

export const registerBody = z.object({
  username: z.string(),
  email: required,
  password: z.string(),
  birthday: isoDate.optional(),
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

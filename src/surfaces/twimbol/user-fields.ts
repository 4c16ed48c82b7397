import type { FieldNames } from "../../domain/users/fields";

/** Twimbol's names of the user fields (seed 004 §2: register and `/user/api/update/{id}/`). */
export const TWIMBOL_USER_FIELDS = {
  username: "username",
  email: "email",
  birthday: "birthday",
  firstName: "first_name",
  lastName: "last_name",
  phone: "user_phone",
  address: "user_address",
  socialFacebook: "user_social_fb",
  socialTwitter: "user_social_twt",
  socialYoutube: "user_social_yt",
  allowContact: "allow_contact",
} as const satisfies FieldNames;

import type { UserRow } from "../../db/schema";

/** Every personal field of an account, as an anonymised one has it: contact, names, address, birthday, links, pictures. */
export const NO_PERSONAL_DATA = {
  email: null,
  emailKey: null,
  emailIsVerified: false,
  phone: "",
  address: "",
  birthday: null,
  firstName: "",
  lastName: "",
  displayName: "",
  bio: "",
  location: "",
  homePage: "",
  socialFacebook: "",
  socialTwitter: "",
  socialYoutube: "",
  socialLinks: "",
  avatarKey: null,
  bannerKey: null,
  lastLogin: null,
} satisfies Partial<UserRow>;

// DESIGN.md "Privacy": the one projection every embed of another user is built from.
import { users, type UserRow } from "../../db/schema";

/**
 * What anyone may see of an account, as drizzle select columns of `table` (an alias of
 * `users` for a joined user). Email, phone, address, birthday, last login, the password
 * hash and the flags only admins see (banned, deactivated, lockout) are never selected, so
 * no serializer of another user can send them, whatever it is later changed to print.
 */
export const publicUserColumns = (table: typeof users = users) => ({
  id: table.id,
  username: table.username,
  displayName: table.displayName,
  firstName: table.firstName,
  lastName: table.lastName,
  bio: table.bio,
  dateJoined: table.dateJoined,
  avatarKey: table.avatarKey,
  bannerKey: table.bannerKey,
  userType: table.userType,
  socialFacebook: table.socialFacebook,
  socialTwitter: table.socialTwitter,
  socialYoutube: table.socialYoutube,
  socialLinks: table.socialLinks,
  homePage: table.homePage,
  location: table.location,
  isFeatured: table.isFeatured,
  advancedUser: table.advancedUser,
  isEditor: table.isEditor,
  isManager: table.isManager,
  emailIsVerified: table.emailIsVerified,
  channelToken: table.channelToken,
});

export const PUBLIC_USER_COLUMNS = publicUserColumns();

/** Another user, as every surface may show them. */
export type PublicUserRow = Pick<UserRow, keyof typeof PUBLIC_USER_COLUMNS>;

/** The smallest embed (Cocotree's cards, comment authors, chat members): a cut of the same projection. */
export const userCardColumns = (table: typeof users = users) => {
  const { id, username, avatarKey } = publicUserColumns(table);
  return { id, username, avatarKey };
};

export type UserCardRow = Pick<PublicUserRow, "id" | "username" | "avatarKey">;

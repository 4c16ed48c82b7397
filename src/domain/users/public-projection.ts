// DESIGN.md "Privacy": the one projection every embed of another user is built from.
import { users, type UserRow } from "../../db/schema";
import { PUBLIC_FIELDS, type PublicField } from "./fields";

/**
 * What anyone may see of an account, as drizzle select columns of `table` (an alias of
 * `users` for a joined user): the registry's public fields and the columns no one edits.
 * Email, phone, address, birthday, last login, the password hash and the flags only admins
 * see (banned, deactivated, lockout) are never selected, so no serializer of another user
 * can send them, whatever it is later changed to print.
 */
export const publicUserColumns = (table: typeof users = users) => ({
  id: table.id,
  dateJoined: table.dateJoined,
  avatarKey: table.avatarKey,
  bannerKey: table.bannerKey,
  userType: table.userType,
  emailIsVerified: table.emailIsVerified,
  channelToken: table.channelToken,
  ...publicFieldColumns(table),
});

/** Every registry field not marked private (src/domain/users/fields.ts). */
const publicFieldColumns = (table: typeof users) =>
  Object.fromEntries(PUBLIC_FIELDS.map((field) => [field, table[field]])) as {
    [F in PublicField]: (typeof users)[F];
  };

export const PUBLIC_USER_COLUMNS = publicUserColumns();

/** Another user, as every surface may show them. */
export type PublicUserRow = Pick<UserRow, keyof typeof PUBLIC_USER_COLUMNS>;

/** The smallest embed (Cocotree's cards, comment authors, chat members): a cut of the same projection. */
export const userCardColumns = (table: typeof users = users) => {
  const { id, username, avatarKey } = publicUserColumns(table);
  return { id, username, avatarKey };
};

export type UserCardRow = Pick<PublicUserRow, "id" | "username" | "avatarKey">;

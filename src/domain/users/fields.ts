// The one registry of user fields (issue 21 item 2): updateUser, registerUser and the public
// projection all read it, so a new field is a column, a line here and a wire name per surface.
import type { UserRow, users } from "../../db/schema";
import { addFieldError, type FieldErrors } from "../errors";
import { textViolations } from "../text-rules";
import {
  MSG,
  checkDate,
  checkEmail,
  checkUsername,
  emailKey,
  normalizeUsername,
  usernameKey,
} from "./account-rules";

/**
 * - `username`, `email`: the account's identity, unique, each with its Django rule and its key column.
 * - `text`: free text read by people, at most `max` characters.
 * - `date`: a calendar date written YYYY-MM-DD, or none.
 * - `flag`, `count`: set by admins through a schema that already bounds them.
 */
export type FieldRule =
  | { kind: "username" }
  | { kind: "email" }
  | { kind: "text"; max: number }
  | { kind: "date" }
  | { kind: "flag" }
  | { kind: "count" };

/** `owner`: the user (and an admin, through the admin edit); `admin`: admins only; `nobody`: set at registration, then fixed. */
export type FieldEditor = "owner" | "admin" | "nobody";

export interface FieldSpec {
  rule: FieldRule;
  edit: FieldEditor;
  /** Private fields reach only the user and admins: the public projection never selects them. */
  private: boolean;
}

/** Each key is the field's column in `users` (src/db/schema/users.ts). */
export const USER_FIELDS = {
  username: { rule: { kind: "username" }, edit: "owner", private: false },
  email: { rule: { kind: "email" }, edit: "owner", private: true },
  firstName: { rule: { kind: "text", max: 150 }, edit: "owner", private: false },
  lastName: { rule: { kind: "text", max: 150 }, edit: "owner", private: false },
  displayName: { rule: { kind: "text", max: 150 }, edit: "owner", private: false },
  bio: { rule: { kind: "text", max: 1000 }, edit: "owner", private: false },
  phone: { rule: { kind: "text", max: 32 }, edit: "owner", private: true },
  address: { rule: { kind: "text", max: 255 }, edit: "owner", private: true },
  socialFacebook: { rule: { kind: "text", max: 255 }, edit: "owner", private: false },
  socialTwitter: { rule: { kind: "text", max: 255 }, edit: "owner", private: false },
  socialYoutube: { rule: { kind: "text", max: 255 }, edit: "owner", private: false },
  socialLinks: { rule: { kind: "text", max: 1000 }, edit: "owner", private: false },
  homePage: { rule: { kind: "text", max: 255 }, edit: "owner", private: false },
  location: { rule: { kind: "text", max: 255 }, edit: "owner", private: false },
  birthday: { rule: { kind: "date" }, edit: "nobody", private: true },
  /** MediaCMS's contact switch. */
  allowContact: { rule: { kind: "flag" }, edit: "owner", private: true },
  /** The game's score: shown on the leaderboard, which selects it on purpose, never in an embed. */
  score: { rule: { kind: "count" }, edit: "admin", private: true },
  isActive: { rule: { kind: "flag" }, edit: "admin", private: true },
  isBanned: { rule: { kind: "flag" }, edit: "admin", private: true },
  isFeatured: { rule: { kind: "flag" }, edit: "admin", private: false },
  isEditor: { rule: { kind: "flag" }, edit: "admin", private: false },
  isManager: { rule: { kind: "flag" }, edit: "admin", private: false },
  advancedUser: { rule: { kind: "flag" }, edit: "admin", private: false },
} as const satisfies { [K in keyof UserRow]?: FieldSpec };

type Registry = typeof USER_FIELDS;
export type UserField = keyof Registry;
type FieldsWhere<P extends Partial<FieldSpec>> = {
  [K in UserField]: Registry[K] extends P ? K : never;
}[UserField];

export type OwnerField = FieldsWhere<{ edit: "owner" }>;
export type AdminField = FieldsWhere<{ edit: "admin" }>;
export type PublicField = FieldsWhere<{ private: false }>;
/** What registration may set: everything but the admins' fields. */
export type RegisterField = Exclude<UserField, AdminField>;

/** New values of some fields, by their domain names. */
export type UserPatch<K extends UserField = UserField> = { [F in K]?: UserRow[F] };

/** How one API names each field on the wire, so an error points at what its client sent. */
export type FieldNames = Partial<Record<UserField, string>>;

const fieldsWhere = (test: (spec: FieldSpec) => boolean) =>
  (Object.keys(USER_FIELDS) as UserField[]).filter((k) => test(USER_FIELDS[k]));
export const PUBLIC_FIELDS = fieldsWhere((spec) => !spec.private) as PublicField[];

/** The columns a set of new values writes (the identity fields also write their unique keys). */
export type UserColumns = Partial<typeof users.$inferInsert>;

/**
 * Checks each value by its field's rule, adding every problem to `errors` under the field's
 * wire name, and answers the columns to write. Nothing is written here.
 */
export function checkFields(errors: FieldErrors, patch: UserPatch, names: FieldNames = {}): UserColumns {
  const columns: UserColumns = {};
  for (const [key, value] of Object.entries(patch) as [UserField, unknown][]) {
    if (value === undefined) continue;
    const rule: FieldRule = USER_FIELDS[key].rule;
    const wire = names[key] ?? key;
    switch (rule.kind) {
      case "username": {
        const username = normalizeUsername(value as string);
        checkUsername(errors, wire, username);
        Object.assign(columns, { username, usernameKey: usernameKey(username) });
        break;
      }
      case "email": {
        const email = (value as string | null)?.trim() || null;
        if (email) checkEmail(errors, wire, email);
        Object.assign(columns, { email, emailKey: email ? emailKey(email) : null });
        break;
      }
      case "text": {
        const text = value as string;
        for (const v of textViolations(text, "text")) addFieldError(errors, wire, v.code, v.message);
        if (text.length > rule.max)
          addFieldError(errors, wire, "max_length", MSG.maxLength(rule.max, text.length), { max: rule.max });
        Object.assign(columns, { [key]: text });
        break;
      }
      case "date":
        if (value) checkDate(errors, wire, value as string);
        Object.assign(columns, { [key]: value || null });
        break;
      case "flag":
      case "count":
        Object.assign(columns, { [key]: value });
        break;
    }
  }
  return columns;
}

/** The fields of a patch that `editor` may not set: an admin sets any but the registration-only ones, an owner only their own. */
export const fieldsNotEditableBy = (patch: UserPatch, editor: "owner" | "admin") =>
  (Object.keys(patch) as UserField[]).filter(
    (k) => patch[k] !== undefined && !(USER_FIELDS[k].edit === "owner" || USER_FIELDS[k].edit === editor),
  );

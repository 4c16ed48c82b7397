import { addFieldError, type FieldErrors } from "../errors";
import COMMON_PASSWORDS from "../../data/common-passwords.txt";
import { isValidEmail } from "./email-address";
import { USERNAME_MAX, isValidUsername, normalizeUsername } from "./username";

export { normalizeUsername, usernameKey } from "./username";

/** Django's field messages, shared by every API that has no wording of its own. */
export const MSG = {
  required: "This field is required.",
  usernameInvalid:
    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
  usernameTaken: "A user with that username already exists.",
  emailInvalid: "Enter a valid email address.",
  emailTaken: "A user with that email already exists.",
  passwordMismatch: "The two password fields didn’t match.",
  passwordTooShort: "This password is too short. It must contain at least 8 characters.",
  passwordCommon: "This password is too common.",
  passwordNumeric: "This password is entirely numeric.",
  passwordSimilar: (attribute: string) => `The password is too similar to the ${attribute}.`,
  maxLength: (max: number, actual: number) =>
    `Ensure this value has at most ${max} characters (it has ${actual}).`,
  dateFormat: "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
} as const;

const EMAIL_MAX = 254;
const NAME_MAX = 150;
const PASSWORD_MIN = 8;
const MAX_SIMILARITY = 0.7;
export const emailKey = (email: string) => email.trim().toLowerCase();

export function checkUsername(fields: FieldErrors, field: string, username: string) {
  const value = normalizeUsername(username);
  if (!value) return addFieldError(fields, field, "required", MSG.required);
  if ([...value].length > USERNAME_MAX)
    addFieldError(fields, field, "max_length", MSG.maxLength(USERNAME_MAX, [...value].length), {
      max: USERNAME_MAX,
    });
  if (!isValidUsername(value)) addFieldError(fields, field, "invalid", MSG.usernameInvalid);
}

export function checkEmail(fields: FieldErrors, field: string, email: string) {
  const value = email.trim();
  if (value.length > EMAIL_MAX)
    addFieldError(fields, field, "max_length", MSG.maxLength(EMAIL_MAX, value.length), { max: EMAIL_MAX });
  if (!isValidEmail(value)) addFieldError(fields, field, "invalid", MSG.emailInvalid);
}

export function checkName(fields: FieldErrors, field: string, value: string) {
  if (value.length > NAME_MAX)
    addFieldError(fields, field, "max_length", MSG.maxLength(NAME_MAX, value.length), { max: NAME_MAX });
}

/** A real calendar date written YYYY-MM-DD (so 2001-02-30 is refused too). */
export function checkDate(fields: FieldErrors, field: string, value: string) {
  const d = new Date(`${value}T00:00:00Z`);
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
  if (!ok) addFieldError(fields, field, "invalid_date", MSG.dateFormat);
}

export interface PasswordOwner {
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
}

/**
 * The entries of 8 characters or more from the 20,000 most common passwords of SecLists
 * (danielmiessler/SecLists, MIT), lower-cased, one a line; shorter ones already fail the
 * minimum-length rule. Plays the part of Django's common-passwords.txt.gz.
 */
let commonSet: Set<string> | undefined;
const isCommon = (password: string) =>
  (commonSet ??= new Set(COMMON_PASSWORDS.split("\n").filter(Boolean))).has(password.toLowerCase());

/** Django's AUTH_PASSWORD_VALIDATORS defaults, in Django's order. */
export function checkPassword(fields: FieldErrors, field: string, password: string, owner: PasswordOwner) {
  const similarTo = similarAttribute(password, owner);
  if (similarTo) addFieldError(fields, field, "password_too_similar", MSG.passwordSimilar(similarTo));
  if (password.length < PASSWORD_MIN)
    addFieldError(fields, field, "password_too_short", MSG.passwordTooShort);
  if (isCommon(password)) addFieldError(fields, field, "password_too_common", MSG.passwordCommon);
  if (/^\d+$/.test(password)) addFieldError(fields, field, "password_entirely_numeric", MSG.passwordNumeric);
}

const ATTRIBUTES: [keyof PasswordOwner, string][] = [
  ["username", "username"],
  ["firstName", "first name"],
  ["lastName", "last name"],
  ["email", "email address"],
];

function similarAttribute(password: string, owner: PasswordOwner): string | null {
  const pwd = password.toLowerCase();
  for (const [key, verboseName] of ATTRIBUTES) {
    const value = owner[key];
    if (!value) continue;
    const lower = value.toLowerCase();
    for (const part of [...lower.split(/[^\p{L}\p{N}_]+/u), lower]) {
      if (exceedsLengthRatio(pwd, part)) continue;
      if (quickRatio(pwd, part) >= MAX_SIMILARITY) return verboseName;
    }
  }
  return null;
}

/** Django skips parts too short relative to the password to ever be similar. */
function exceedsLengthRatio(password: string, value: string) {
  return password.length >= 10 * value.length && value.length < (MAX_SIMILARITY / 2) * password.length;
}

/** difflib.SequenceMatcher.quick_ratio: shared characters as a multiset. */
function quickRatio(a: string, b: string) {
  if (a.length + b.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let matches = 0;
  for (const ch of a) {
    const n = counts.get(ch) ?? 0;
    if (n > 0) {
      matches += 1;
      counts.set(ch, n - 1);
    }
  }
  return (2 * matches) / (a.length + b.length);
}

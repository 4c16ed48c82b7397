import { eq, or, sql } from "drizzle-orm";
import { userGroups, users, type UserRow } from "../../db/schema";
import { hashPassword } from "../../infra/password-hash";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { addFieldError, validationError, type FieldErrors } from "../errors";
import { MSG, checkDate, checkEmail, checkPassword, checkUsername, emailKey, normalizeUsername, usernameKey } from "./account-rules";
import type { NotificationEvent } from "../notifications/events";
import { notification } from "../notifications/notify";
import { isUniqueViolation } from "./unique-violation";

export interface RegisterInput {
  username: string;
  password: string;
  /** When given, must equal `password` (Django's UserCreationForm password2). */
  passwordConfirm?: string;
  email?: string | null;
  firstName?: string;
  lastName?: string;
  birthday?: string | null;
}

export const DEFAULT_GROUP = "visitor";

export interface RegisterOptions {
  /** A notification for the new user, recorded in the same batch that creates the account. */
  welcome?: (username: string) => NotificationEvent;
}

/**
 * Creates an account in the default group. Every problem is reported at once, keyed
 * `username`, `email`, `password`, `password_confirm`; surfaces rename keys to their own.
 */
export async function registerUser({ deps }: Ctx, input: RegisterInput & RegisterOptions): Promise<UserRow> {
  const fields: FieldErrors = {};
  const username = normalizeUsername(input.username);
  const email = input.email?.trim() || null;
  checkUsername(fields, "username", username);
  if (email) checkEmail(fields, "email", email);
  if (input.birthday) checkDate(fields, "birthday", input.birthday);
  if (input.passwordConfirm !== undefined && input.passwordConfirm !== input.password) {
    addFieldError(fields, "password_confirm", "password_mismatch", MSG.passwordMismatch);
  } else {
    checkPassword(fields, "password", input.password, { username, email, firstName: input.firstName, lastName: input.lastName });
  }
  await checkAvailable(deps, fields, { username, email });
  if (Object.keys(fields).length) throw validationError(fields);

  const key = usernameKey(username);
  const now = deps.clock.now();
  try {
    const byKey = eq(users.usernameKey, key);
    const account = [
      deps.db
        .insert(users)
        .values({
          username,
          usernameKey: key,
          email,
          emailKey: email ? emailKey(email) : null,
          passwordHash: await hashPassword(input.password, deps.hashParams),
          firstName: input.firstName ?? "",
          lastName: input.lastName ?? "",
          birthday: input.birthday ?? null,
          dateJoined: now,
        })
        .returning(),
      deps.db
        .insert(userGroups)
        .select(deps.db.select({ userId: users.id, name: sql`${DEFAULT_GROUP}`.as("name") }).from(users).where(byKey)),
    ] as const;
    const welcome = input.welcome && notification(deps, byKey, input.welcome(username));
    const [created, , recorded] = welcome
      ? await deps.db.batch([...account, welcome.statement])
      : [...(await deps.db.batch(account)), undefined];
    if (recorded) welcome?.afterCommit(recorded);
    return created[0]!;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Lost a race with a concurrent registration: report it like the pre-check would.
    const raced: FieldErrors = {};
    await checkAvailable(deps, raced, { username, email });
    throw validationError(Object.keys(raced).length ? raced : { username: [{ code: "unique", message: MSG.usernameTaken }] });
  }
}

/** Reports a taken username and a taken email together, in one query. */
export async function checkAvailable(
  deps: Deps,
  fields: FieldErrors,
  wanted: { username?: string | null; email?: string | null },
  exceptUserId?: number,
) {
  const uKey = wanted.username ? usernameKey(wanted.username) : null;
  const eKey = wanted.email ? emailKey(wanted.email) : null;
  if (!uKey && !eKey) return;
  const conditions = [uKey ? eq(users.usernameKey, uKey) : undefined, eKey ? eq(users.emailKey, eKey) : undefined];
  const taken = await deps.db
    .select({ id: users.id, usernameKey: users.usernameKey, emailKey: users.emailKey })
    .from(users)
    .where(or(...conditions))
    .all();
  for (const row of taken) {
    if (row.id === exceptUserId) continue;
    if (uKey && row.usernameKey === uKey) addFieldError(fields, "username", "unique", MSG.usernameTaken);
    if (eKey && row.emailKey === eKey) addFieldError(fields, "email", "unique", MSG.emailTaken);
  }
}

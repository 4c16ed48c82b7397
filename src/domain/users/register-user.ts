import { eq, or, sql } from "drizzle-orm";
import { userGroups, users, type UserRow } from "../../db/schema";
import { hashPassword } from "../../infra/password-hash";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError, addFieldError, validationError, type FieldErrors } from "../errors";
import { checkImage, type CheckedImage, type ImagePolicy, type Upload } from "../media/image-upload";
import { storeAvatar } from "../media/set-avatar";
import { MSG, checkPassword, emailKey, usernameKey } from "./account-rules";
import { checkFields, type FieldNames, type RegisterField, type UserPatch } from "./fields";
import type { NotificationEvent } from "../notifications/events";
import { notification } from "../notifications/notify";
import { isUniqueViolation } from "./unique-violation";

export type RegisterInput = UserPatch<RegisterField> & {
  username: string;
  password: string;
  /** When given, must equal `password` (Django's UserCreationForm password2). */
  passwordConfirm?: string;
};

export const DEFAULT_GROUP = "visitor";

export interface RegisterOptions {
  /** A notification for the new user, recorded in the same batch that creates the account. */
  welcome?: (username: string) => NotificationEvent;
  /** How the calling API names each field, so errors point at what its client sent. */
  names?: FieldNames;
  picture?: Picture;
}

export interface Picture {
  file: Upload;
  field: string;
  policy: ImagePolicy;
}

/**
 * Creates an account in the default group, with every field the registry lets registration
 * set, in one batch. Every problem is reported at once, keyed by the API's names (`username`,
 * `email`, … by default), `password` and `password_confirm`; surfaces rename keys to their own.
 * The picture's key names the new account's id, so it is stored once the account exists.
 */
export async function registerUser({ deps }: Ctx, input: RegisterInput & RegisterOptions): Promise<UserRow> {
  const { password, passwordConfirm, welcome, names, picture, ...patch } = input;
  const fields: FieldErrors = {};
  const columns = checkFields(fields, patch, names);
  const username = columns.username!;
  const email = columns.email ?? null;
  if (passwordConfirm !== undefined && passwordConfirm !== password) {
    addFieldError(fields, "password_confirm", "password_mismatch", MSG.passwordMismatch);
  } else {
    checkPassword(fields, "password", password, {
      username,
      email,
      firstName: patch.firstName,
      lastName: patch.lastName,
    });
  }
  const image = await checkPicture(fields, picture);
  await checkAvailable(deps, fields, { username, email }, undefined, names);
  if (Object.keys(fields).length) throw validationError(fields);

  const now = deps.clock.now();
  let created: UserRow;
  try {
    const byKey = eq(users.usernameKey, columns.usernameKey!);
    const account = [
      deps.db
        .insert(users)
        .values({
          ...columns,
          username,
          usernameKey: columns.usernameKey!,
          passwordHash: await hashPassword(password, deps.hashParams),
          dateJoined: now,
        })
        .returning(),
      deps.db.insert(userGroups).select(
        deps.db
          .select({ userId: users.id, name: sql`${DEFAULT_GROUP}`.as("name") })
          .from(users)
          .where(byKey),
      ),
    ] as const;
    const welcomed = welcome && notification(deps, byKey, welcome(username));
    const [rows, , recorded] = welcomed
      ? await deps.db.batch([...account, welcomed.statement])
      : [...(await deps.db.batch(account)), undefined];
    if (recorded) welcomed?.afterCommit(recorded);
    created = rows[0]!;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Lost a race with a concurrent registration: report it like the pre-check would.
    const raced: FieldErrors = {};
    await checkAvailable(deps, raced, { username, email }, undefined, names);
    throw validationError(
      Object.keys(raced).length
        ? raced
        : { [names?.username ?? "username"]: [{ code: "unique", message: MSG.usernameTaken }] },
    );
  }
  if (!image) return created;
  const avatarKey = await storeAvatar(deps, created.id, image);
  return (
    (await deps.db.update(users).set({ avatarKey }).where(eq(users.id, created.id)).returning().get()) ?? {
      ...created,
      avatarKey,
    }
  );
}

/** Reports a taken username and a taken email together, in one query. */
export async function checkAvailable(
  deps: Deps,
  fields: FieldErrors,
  wanted: { username?: string | null; email?: string | null },
  exceptUserId?: number,
  names: FieldNames = {},
) {
  const uKey = wanted.username ? usernameKey(wanted.username) : null;
  const eKey = wanted.email ? emailKey(wanted.email) : null;
  if (!uKey && !eKey) return;
  const conditions = [
    uKey ? eq(users.usernameKey, uKey) : undefined,
    eKey ? eq(users.emailKey, eKey) : undefined,
  ];
  const taken = await deps.db
    .select({ id: users.id, usernameKey: users.usernameKey, emailKey: users.emailKey })
    .from(users)
    .where(or(...conditions))
    .all();
  for (const row of taken) {
    if (row.id === exceptUserId) continue;
    if (uKey && row.usernameKey === uKey)
      addFieldError(fields, names.username ?? "username", "unique", MSG.usernameTaken);
    if (eKey && row.emailKey === eKey)
      addFieldError(fields, names.email ?? "email", "unique", MSG.emailTaken);
  }
}

/** The picture is checked with the fields, so a bad one refuses the whole write and stores nothing. */
export async function checkPicture(
  errors: FieldErrors,
  picture: Picture | undefined,
): Promise<CheckedImage | undefined> {
  if (!picture) return undefined;
  try {
    return await checkImage(picture.file, picture.field, picture.policy);
  } catch (err) {
    if (!(err instanceof DomainError && err.fields)) throw err;
    Object.assign(errors, err.fields);
    return undefined;
  }
}

import { and, eq, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { userGroups, users, type UserRow } from "../../db/schema";
import { isInAdminGroup, isLastAdminRefusal, keepsAnAdmin } from "../admin/admin-group";
import { auditStatement, type AdminOrigin } from "../admin/audit";
import { guessPassword } from "../auth/authenticate";
import { assertNotLocked, clearCachedLock } from "../auth/lockout";
import { closeEndedSockets, revokeAllStatements } from "../auth/sessions";
import type { Viewer } from "../auth/viewer";
import type { Ctx } from "../context";
import type { Deps } from "../deps";
import { DomainError, validationError, type FieldErrors } from "../errors";
import { mails } from "../mail/messages";
import { dropReplacedAvatar, storeAvatar } from "../media/set-avatar";
import { requireAdmin, requireSelf } from "../policy/ownership";
import { MSG, checkPassword } from "./account-rules";
import { setPassword } from "./change-password";
import { emailColumns, verifyChangedEmail } from "./email-verification";
import { standingAccount } from "./erase-account";
import {
  checkFields,
  fieldsNotEditableBy,
  type FieldNames,
  type UserColumns,
  type UserPatch,
} from "./fields";
import { checkAvailable, checkPicture, type Picture } from "./register-user";
import { isUniqueViolation } from "./unique-violation";

export interface UpdateUserInput {
  /** The account the route names; none: the caller's own. The owner's edit refuses anyone else's. */
  userId?: number;
  /** New values by domain name; every field is checked by its registry rule before anything is written. */
  patch: UserPatch;
  /** How the calling API names each field, so errors point at what its client sent. */
  names?: FieldNames;
  /**
   * `admin`: an admin's edit of any standing account, which may set the admins' fields and the
   * groups, never leaves no active admin, and is audited in its own batch.
   */
  by?: "owner" | "admin";
  /** The change is confirmed with the current password (a guess under the login lockout): Cocotree's sensitive edit. */
  confirm?: { currentPassword: string | undefined };
  /** A new password, checked as at registration; it keeps the caller's session and ends every other. */
  password?: string;
  picture?: Picture;
  /** The admin's edit replaces the groups as a whole. */
  groups?: string[];
  origin?: AdminOrigin;
  /** How the admin's edit is named on the audit log, when not by its values (`user.update` with them). */
  audit?: { action: string; detail: Record<string, unknown> };
}

/**
 * The one edit of a user's fields for every API. Everything is checked before anything is
 * written, like a DRF serializer (a bad picture leaves the text untouched), and every problem
 * is reported at once; a lost race for a username or an email is answered like the pre-check.
 */
export async function updateUser(ctx: Ctx, input: UpdateUserInput): Promise<UserRow> {
  if (input.by === "admin") return (await adminEdit(ctx, input)).user;
  const viewer = requireSelf(ctx, input.userId);
  if (fieldsNotEditableBy(input.patch, "owner").length || input.groups)
    throw new DomainError("FORBIDDEN", "not_admin");
  return ownerEdit(ctx.deps, viewer, input);
}

async function ownerEdit(deps: Deps, viewer: Viewer, input: UpdateUserInput): Promise<UserRow> {
  const { user } = viewer;
  if (input.confirm) {
    if (!input.confirm.currentPassword) throw new DomainError("BAD_REQUEST", "current_password_required");
    assertNotLocked(deps, user);
    const { ok } = await guessPassword(deps, user, input.confirm.currentPassword);
    if (!ok) throw new DomainError("INVALID_CREDENTIALS", "current_password");
  }
  const errors: FieldErrors = {};
  const columns = checkFields(errors, input.patch, input.names);
  if (columns.emailKey !== undefined) Object.assign(columns, emailColumns(user, columns.email ?? null));
  if (input.password !== undefined)
    checkPassword(errors, "password", input.password, {
      username: user.username,
      email: columns.email ?? user.email,
    });
  const image = await checkPicture(errors, input.picture);
  await checkAvailable(deps, errors, columns, user.id, input.names);
  if (Object.keys(errors).length) throw validationError(errors);
  if (image) columns.avatarKey = await storeAvatar(deps, user.id, image);

  let updated: UserRow;
  try {
    if (input.password !== undefined) {
      // The other fields land only with the password: a refused guard (the password changed
      // meanwhile) answers 401 and must leave the email and the rest as they were.
      const alsoInBatch = (applied: SQL) =>
        Object.keys(columns).length
          ? [
              deps.db
                .update(users)
                .set(columns)
                .where(and(eq(users.id, user.id), applied)),
            ]
          : [];
      const changed = await setPassword(deps, user, input.password, {
        guard: eq(users.passwordHash, user.passwordHash),
        alsoInBatch,
        keepSession: viewer.sessionId,
      });
      if (!changed) throw new DomainError("INVALID_CREDENTIALS", "current_password");
      if (user.email) deps.defer(deps.mailer.send(mails.passwordChanged(user.email, user.username)));
      updated = { ...user, ...columns } as UserRow;
    } else if (input.confirm) {
      // The confirmed edit lands only if the password it was confirmed with is still the one.
      const row = await deps.db
        .update(users)
        .set({ ...columns, failedLogins: 0, lockedUntil: null })
        .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)))
        .returning()
        .get();
      if (!row) throw new DomainError("INVALID_CREDENTIALS", "current_password");
      updated = row;
    } else {
      if (Object.keys(columns).length === 0) return user;
      updated =
        (await deps.db.update(users).set(columns).where(eq(users.id, user.id)).returning().get()) ?? user;
    }
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw await lostRace(deps, columns, user.id, input.names);
  }
  // A cached lock belongs to the old name; left behind it could refuse whoever takes that name next.
  if (columns.usernameKey && columns.usernameKey !== user.usernameKey)
    clearCachedLock(deps, user.usernameKey);
  if (image) dropReplacedAvatar(deps, user.avatarKey, updated.avatarKey);
  await verifyChangedEmail(deps, user, updated);
  return updated;
}

export interface AdminUserView {
  user: UserRow;
  groups: string[];
}

/** Whether the edit takes the account out of the `admin` group, bans it or deactivates it. */
const lessensAnAdmin = ({ patch, groups }: UpdateUserInput) =>
  patch.isActive === false || patch.isBanned === true || (groups !== undefined && !groups.includes("admin"));

/** A one-flag change is named for what it does on the log; anything else is an edit. */
function actionOf(detail: Record<string, unknown>) {
  const set = Object.entries(detail);
  if (set.length === 1 && set[0]![0] === "isBanned") return set[0]![1] ? "user.ban" : "user.unban";
  if (set.length === 1 && set[0]![0] === "isActive") return set[0]![1] ? "user.activate" : "user.deactivate";
  return "user.update";
}

/**
 * An admin edits an account. An admin never bans, deactivates or demotes themself (an admin
 * who did was locked out), and no edit leaves no active account in the `admin` group (checked
 * inside the batch); deactivating or banning ends the user's sessions in the same batch, so it
 * bites on the next request. The audit row goes in that batch too.
 */
export async function adminEdit(ctx: Ctx, input: UpdateUserInput): Promise<AdminUserView> {
  const admin = requireAdmin(ctx);
  const { deps } = ctx;
  if (
    input.confirm ||
    input.password !== undefined ||
    input.picture ||
    fieldsNotEditableBy(input.patch, "admin").length
  )
    throw new Error("an admin's edit sets editable fields and groups only");
  const userId = input.userId ?? admin.user.id;
  // A deleted account is gone for admins too: no edit brings it back while the cron purges it.
  const target = await deps.db.select().from(users).where(standingAccount(userId)).get();
  if (!target) throw new DomainError("NOT_FOUND", "user");
  const targetIsAdmin = await isInAdminGroup(deps, userId);
  if (admin.user.id === userId && targetIsAdmin && lessensAnAdmin(input))
    throw new DomainError("FORBIDDEN", "admin_self");

  const errors: FieldErrors = {};
  const columns = checkFields(errors, input.patch, input.names);
  if (columns.emailKey !== undefined) Object.assign(columns, emailColumns(target, columns.email ?? null));
  await checkAvailable(deps, errors, columns, userId, input.names);
  if (Object.keys(errors).length) throw validationError(errors);

  const statements: BatchItem<"sqlite">[] = [];
  if (Object.keys(columns).length)
    statements.push(deps.db.update(users).set(columns).where(standingAccount(userId)));
  if (input.groups) {
    const unique = [...new Set(input.groups)];
    statements.push(deps.db.delete(userGroups).where(eq(userGroups.userId, userId)));
    if (unique.length)
      statements.push(deps.db.insert(userGroups).values(unique.map((name) => ({ userId, name }))));
  }
  const ends = input.patch.isActive === false || input.patch.isBanned === true;
  // Whatever the read said (the target may be promoted before the batch runs): a demotion takes
  // the target out of the group inside the batch, so its guard counts every admin; a ban or a
  // deactivation leaves the group rows, so its guard bites only if the target is an admin then.
  const demotes = input.groups !== undefined && !input.groups.includes("admin");
  if (demotes) statements.push(keepsAnAdmin(deps));
  else if (lessensAnAdmin(input)) statements.push(keepsAnAdmin(deps, userId));
  if (ends) statements.push(...revokeAllStatements(deps, userId));
  const detail: Record<string, unknown> = Object.fromEntries(
    Object.entries({ ...input.patch, groups: input.groups }).filter(([, v]) => v !== undefined),
  );
  const audit = input.audit ?? { action: actionOf(detail), detail };
  statements.push(
    auditStatement(deps, admin, input.origin, {
      action: audit.action,
      objectType: "user",
      objectId: userId,
      detail: audit.detail,
    }),
  );
  const readBack = [
    deps.db.select().from(users).where(eq(users.id, userId)),
    deps.db.select({ name: userGroups.name }).from(userGroups).where(eq(userGroups.userId, userId)),
  ] as const;
  let results: unknown[];
  try {
    results = (await deps.db.batch([...statements, ...readBack] as unknown as [
      BatchItem<"sqlite">,
      ...BatchItem<"sqlite">[],
    ])) as unknown[];
  } catch (err) {
    if (isLastAdminRefusal(err)) throw new DomainError("CONFLICT", "last_admin");
    if (isUniqueViolation(err)) throw await lostRace(deps, columns, userId, input.names);
    throw err;
  }
  const user = results.at(-2) as UserRow[];
  const groupRows = results.at(-1) as { name: string }[];
  // Erased and purged between the read and the batch: its edit reached nothing.
  if (!user[0]) throw new DomainError("NOT_FOUND", "user");
  if (columns.usernameKey && columns.usernameKey !== target.usernameKey)
    clearCachedLock(deps, target.usernameKey);
  if (ends) closeEndedSockets(deps, userId);
  await verifyChangedEmail(deps, target, user[0]!);
  return { user: user[0]!, groups: groupRows.map((g) => g.name).sort() };
}

/** A concurrent edit took the name or the address between the check and the write: answered like the check. */
async function lostRace(deps: Deps, columns: UserColumns, userId: number, names: FieldNames = {}) {
  const raced: FieldErrors = {};
  await checkAvailable(deps, raced, columns, userId, names);
  if (Object.keys(raced).length) return validationError(raced);
  const taken = columns.email
    ? { field: names.email ?? "email", message: MSG.emailTaken }
    : { field: names.username ?? "username", message: MSG.usernameTaken };
  return validationError({ [taken.field]: [{ code: "unique", message: taken.message }] });
}

// /admin/users/{id}/edit/ and /admin/users/{id}/password/ (issue 25): Django admin's change form and its
// "change password" form. A refused value is shown on the form, beside its field, never as an error page.
import type { Context } from "hono";
import { Hono } from "hono";
import { adminEditAccount, type AdminAccountChanges } from "../../domain/admin/edit-account";
import { ADMIN_PASSWORD_MAX, adminSetPassword } from "../../domain/admin/set-password";
import { adminUserDetail, type UserDetail } from "../../domain/admin/user-queries";
import { DomainError, type FieldErrors } from "../../domain/errors";
import { MSG } from "../../domain/users/account-rules";
import { USER_FIELDS } from "../../domain/users/fields";
import type { AppEnv } from "../../env";
import { ctxOf } from "../../http/context";
import { originOf } from "../admin/admin-only";
import { Csrf, page } from "./layout";
import { panelOf, requirePanelAdmin } from "./session";

type UserRow = UserDetail["user"];

const idParam = (c: Context<AppEnv>) => Number(c.req.param("id"));

/** The fields of the edit form, in its order: the change key (also the field's name), its label, its limit. */
const EDITABLE = [
  ["username", "Username", 150],
  ["email", "Email", 254],
  ["firstName", "First name", USER_FIELDS.firstName.rule.max],
  ["lastName", "Last name", USER_FIELDS.lastName.rule.max],
  ["displayName", "Display name", USER_FIELDS.displayName.rule.max],
  ["bio", "Bio", USER_FIELDS.bio.rule.max],
  ["location", "Location", USER_FIELDS.location.rule.max],
  ["phone", "Phone", USER_FIELDS.phone.rule.max],
  ["homePage", "Home page", USER_FIELDS.homePage.rule.max],
] as const satisfies readonly (readonly [keyof AdminAccountChanges & keyof UserRow, string, number])[];

/** A field's refusals, read out beside it and tied to it for screen readers. */
function FieldError({ name, errors }: { name: string; errors: FieldErrors }) {
  const list = errors[name];
  return list?.length ? (
    <p class="error" id={`${name}-error`}>
      {list.map((e) => e.message).join(" ")}
    </p>
  ) : null;
}

/** Field errors of a VALIDATION refusal; anything else goes on to the error page. */
function fieldErrorsOf(err: unknown): FieldErrors {
  if (err instanceof DomainError && err.code === "VALIDATION" && err.fields) return err.fields;
  throw err;
}

export const userEditRoutes = new Hono<AppEnv>();

function editPage(
  c: Context<AppEnv>,
  user: UserRow,
  values: Record<string, string>,
  errors: FieldErrors = {},
) {
  const { viewer, csrf } = panelOf(c);
  const failed = Object.keys(errors).length > 0;
  return page(
    c,
    `Edit ${user.username}`,
    { viewer, csrf, current: "/admin/users/" },
    <>
      <p>
        <a href={`/admin/users/${user.id}/`}>← {user.username}</a>
      </p>
      <h1>Edit {user.username}</h1>
      {failed ? (
        <p class="error" role="alert">
          Nothing was saved: correct the fields marked below.
        </p>
      ) : null}
      <form method="post" action={`/admin/users/${user.id}/edit/`}>
        <Csrf token={csrf} />
        {EDITABLE.map(([name, label, max]) => (
          <div class="field">
            <label for={name}>{label}</label>
            {name === "bio" ? (
              <textarea
                id={name}
                name={name}
                maxlength={max}
                rows={4}
                aria-invalid={errors[name] ? "true" : undefined}
                aria-describedby={errors[name] ? `${name}-error` : undefined}
              >
                {values[name] ?? ""}
              </textarea>
            ) : (
              <input
                type={name === "email" ? "email" : "text"}
                id={name}
                name={name}
                value={values[name] ?? ""}
                maxlength={max}
                required={name === "username"}
                aria-invalid={errors[name] ? "true" : undefined}
                aria-describedby={errors[name] ? `${name}-error` : undefined}
              />
            )}
            <FieldError name={name} errors={errors} />
          </div>
        ))}
        <div class="actions">
          <button type="submit" class="primary">
            Save
          </button>
          <a class="button" href={`/admin/users/${user.id}/`}>
            Cancel
          </a>
        </div>
      </form>
    </>,
    failed ? 400 : 200,
  );
}

userEditRoutes.get("/admin/users/:id{[0-9]+}/edit/", requirePanelAdmin, async (c) => {
  const { user } = await adminUserDetail(ctxOf(c), { userId: idParam(c) });
  return editPage(c, user, Object.fromEntries(EDITABLE.map(([name]) => [name, user[name] ?? ""])));
});

userEditRoutes.post("/admin/users/:id{[0-9]+}/edit/", requirePanelAdmin, async (c) => {
  const { form } = panelOf(c);
  const id = idParam(c);
  // A field the form did not send is left alone; a repeated or file field is not a value.
  const values: Record<string, string> = {};
  for (const [name] of EDITABLE) {
    const sent = form.getAll(name);
    if (sent.length > 1 || (sent.length === 1 && typeof sent[0] !== "string"))
      throw new DomainError("BAD_REQUEST", "malformed_body");
    if (sent.length === 1) values[name] = sent[0] as string;
  }
  try {
    await adminEditAccount(ctxOf(c), { userId: id, changes: values, origin: originOf(c) });
  } catch (err) {
    const errors = fieldErrorsOf(err);
    const { user } = await adminUserDetail(ctxOf(c), { userId: id });
    return editPage(c, user, values, errors);
  }
  return c.redirect(`/admin/users/${id}/?done=saved`, 303);
});

function passwordPage(c: Context<AppEnv>, user: UserRow, errors: FieldErrors = {}) {
  const { viewer, csrf } = panelOf(c);
  const failed = Object.keys(errors).length > 0;
  return page(
    c,
    `Set the password of ${user.username}`,
    { viewer, csrf, current: "/admin/users/" },
    <>
      <p>
        <a href={`/admin/users/${user.id}/`}>← {user.username}</a>
      </p>
      <h1>Set the password of {user.username}</h1>
      <p>
        The new password replaces the old one at once and ends every session and token of {user.username}:
        they are signed out everywhere and sign in with the new password. They are told by email.
      </p>
      {failed ? (
        <p class="error" role="alert">
          The password was not changed: correct the fields marked below.
        </p>
      ) : null}
      <form method="post" action={`/admin/users/${user.id}/password/`}>
        <Csrf token={csrf} />
        <input type="text" name="username" value={user.username} autocomplete="username" hidden />
        {(
          [
            ["password", "New password"],
            ["password_confirm", "New password again"],
          ] as const
        ).map(([name, label]) => (
          <div class="field">
            <label for={name}>{label}</label>
            <input
              type="password"
              id={name}
              name={name}
              autocomplete="new-password"
              maxlength={ADMIN_PASSWORD_MAX}
              required
              aria-invalid={errors[name] ? "true" : undefined}
              aria-describedby={errors[name] ? `${name}-error` : undefined}
            />
            <FieldError name={name} errors={errors} />
          </div>
        ))}
        <div class="actions">
          <button type="submit" class="danger">
            Set password and end every session of {user.username}
          </button>
          <a class="button" href={`/admin/users/${user.id}/`}>
            Cancel
          </a>
        </div>
      </form>
    </>,
    failed ? 400 : 200,
  );
}

/** Your own password: the account's own change form, which asks for the old one (the domain refuses it here). */
function refuseOwn(c: Context<AppEnv>, id: number) {
  if (panelOf(c).viewer.user.id === id) throw new DomainError("FORBIDDEN", "admin_self");
}

userEditRoutes.get("/admin/users/:id{[0-9]+}/password/", requirePanelAdmin, async (c) => {
  const id = idParam(c);
  refuseOwn(c, id);
  const { user } = await adminUserDetail(ctxOf(c), { userId: id });
  return passwordPage(c, user);
});

userEditRoutes.post("/admin/users/:id{[0-9]+}/password/", requirePanelAdmin, async (c) => {
  const { form } = panelOf(c);
  const id = idParam(c);
  const [password, confirm] = [form.get("password"), form.get("password_confirm")];
  if (typeof password !== "string" || typeof confirm !== "string")
    throw new DomainError("BAD_REQUEST", "malformed_body");
  try {
    if (password !== confirm) {
      refuseOwn(c, id);
      throw new DomainError("VALIDATION", undefined, {
        fields: { password_confirm: [{ code: "password_mismatch", message: MSG.passwordMismatch }] },
      });
    }
    await adminSetPassword(ctxOf(c), { userId: id, password, origin: originOf(c) });
  } catch (err) {
    const errors = fieldErrorsOf(err);
    const { user } = await adminUserDetail(ctxOf(c), { userId: id });
    return passwordPage(c, user, errors);
  }
  return c.redirect(`/admin/users/${id}/?done=password`, 303);
});

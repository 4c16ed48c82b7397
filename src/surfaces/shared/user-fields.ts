// Each API names the registry's user fields in its own words with one table (domain name → wire
// name); these two read a body through it and write a row out through it.
import type { UserRow } from "../../domain/users/account";
import type { FieldNames, UserField, UserPatch } from "../../domain/users/fields";

/** The registry fields a body sets, by domain name; keys the table does not name are left to the route. */
export function patchFrom(table: FieldNames, body: Readonly<Record<string, unknown>>): UserPatch {
  const patch: Record<string, unknown> = {};
  for (const [field, wire] of Object.entries(table)) if (body[wire] !== undefined) patch[field] = body[wire];
  // The route's schema has already parsed each wire value into the field's type.
  return patch as UserPatch;
}

type Wire<T extends FieldNames> = { [K in keyof T & UserField as T[K] & string]: UserRow[K] };

/** The row's fields under the API's names. */
export function wireOf<const T extends FieldNames>(table: T, user: UserRow): Wire<T> {
  return Object.fromEntries(
    Object.entries(table).map(([field, wire]) => [wire, user[field as UserField]]),
  ) as Wire<T>;
}

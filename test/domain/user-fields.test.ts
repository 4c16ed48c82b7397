// The registry of user fields (issue 21 item 2): what a new field gets from one line in it.
import { describe, expect, it } from "vitest";
import type { UserRow } from "../../src/domain/users/account";
import {
  PUBLIC_FIELDS,
  USER_FIELDS,
  checkFields,
  type FieldNames,
  type UserField,
} from "../../src/domain/users/fields";
import { NO_PERSONAL_DATA } from "../../src/domain/users/personal-data";
import { PUBLIC_USER_COLUMNS } from "../../src/domain/users/public-projection";
import type { FieldErrors } from "../../src/domain/errors";
import { ADMIN_USER_FIELDS } from "../../src/surfaces/admin/user-fields";
import { COCOTREE_USER_FIELDS } from "../../src/surfaces/cocotree/user-fields";
import { GAME_USER_FIELDS } from "../../src/surfaces/game/user-fields";
import { patchFrom, wireOf } from "../../src/surfaces/shared/user-fields";
import { TWIMBOL_USER_FIELDS } from "../../src/surfaces/twimbol/user-fields";

const fields = Object.keys(USER_FIELDS) as UserField[];
const TABLES: [string, FieldNames][] = [
  ["game", GAME_USER_FIELDS],
  ["cocotree", COCOTREE_USER_FIELDS],
  ["twimbol", TWIMBOL_USER_FIELDS],
  ["admin", ADMIN_USER_FIELDS],
];

describe("the registry of user fields", () => {
  it("the public projection selects every public field and no private one", () => {
    const selected = Object.keys(PUBLIC_USER_COLUMNS);
    for (const field of fields)
      expect([field, selected.includes(field)]).toEqual([field, !USER_FIELDS[field].private]);
    expect(PUBLIC_FIELDS.every((f) => selected.includes(f))).toBe(true);
    // Besides the registry, only the columns no one edits through a field.
    expect(selected.filter((c) => !(c in USER_FIELDS)).sort()).toEqual([
      "avatarKey",
      "bannerKey",
      "channelToken",
      "dateJoined",
      "emailIsVerified",
      "id",
      "userType",
    ]);
  });

  it("every text field refuses one character past its limit, under the name the API gave it", () => {
    for (const field of fields) {
      const rule = USER_FIELDS[field].rule;
      if (rule.kind !== "text") continue;
      const errors: FieldErrors = {};
      const columns = checkFields(
        errors,
        { [field]: "x".repeat(rule.max + 1) },
        { [field]: `wire_${field}` },
      );
      expect(errors).toEqual({
        [`wire_${field}`]: [
          {
            code: "max_length",
            message: `Ensure this value has at most ${rule.max} characters (it has ${rule.max + 1}).`,
            params: { max: rule.max },
          },
        ],
      });
      expect(columns).toEqual({ [field]: "x".repeat(rule.max + 1) });
      const fine: FieldErrors = {};
      checkFields(fine, { [field]: "x".repeat(rule.max) });
      expect(fine).toEqual({});
    }
  });

  it("text fields refuse the characters text-rules refuse; identity fields write their unique keys too", () => {
    const errors: FieldErrors = {};
    const columns = checkFields(errors, { bio: "a\u0000b", username: "Ｅve", email: "  Eve@Example.com " });
    expect(errors).toEqual({
      bio: [{ code: "null_characters_not_allowed", message: "Null characters are not allowed." }],
    });
    expect(columns).toMatchObject({
      username: "Eve",
      usernameKey: "eve",
      email: "Eve@Example.com",
      emailKey: "eve@example.com",
    });
  });

  it("account deletion blanks every field a person writes about themself (a new one cannot be forgotten there)", () => {
    const written = fields.filter((f) => ["email", "text", "date"].includes(USER_FIELDS[f].rule.kind));
    expect(written.filter((f) => !(f in NO_PERSONAL_DATA))).toEqual([]);
  });

  for (const [surface, table] of TABLES) {
    it(`${surface}: one table reads a body into domain names and writes a row back under the same wire names`, () => {
      const row = {
        username: "eve",
        email: "e@x.io",
        firstName: "E",
        lastName: "V",
        phone: "+1",
        bio: "b",
        address: "a",
        birthday: "2000-01-02",
      } as Partial<UserRow>;
      Object.assign(row, {
        socialFacebook: "f",
        socialTwitter: "t",
        socialYoutube: "y",
        allowContact: false,
        score: 3,
        isActive: true,
        isBanned: false,
      });
      Object.assign(row, { isFeatured: true, isEditor: false, isManager: true, advancedUser: false });
      const wire = wireOf(table, row as UserRow) as Record<string, unknown>;
      expect(Object.keys(wire).sort()).toEqual(Object.values(table).sort());
      const patch = patchFrom(table, { ...wire, not_a_field: 1 });
      expect(patch).toEqual(Object.fromEntries(Object.keys(table).map((f) => [f, row[f as UserField]])));
    });
  }
});

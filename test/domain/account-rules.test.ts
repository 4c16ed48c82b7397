import { describe, expect, it } from "vitest";
import type { FieldErrors } from "../../src/domain/errors";
import { checkEmail, checkPassword, checkUsername, usernameKey } from "../../src/domain/users/account-rules";

const passwordErrors = (password: string, owner = {}) => {
  const fields: FieldErrors = {};
  checkPassword(fields, "p", password, owner);
  return (fields.p ?? []).map((e) => e.code);
};

describe("Django's password validators", () => {
  it("passes a strong password", () => expect(passwordErrors("Tr1cky-pass-word")).toEqual([]));
  it("too short", () => expect(passwordErrors("Ab1-x")).toEqual(["password_too_short"]));
  it("common, case-insensitively", () =>
    expect(passwordErrors("PassWord123")).toEqual(["password_too_common"]));
  it("entirely numeric", () => expect(passwordErrors("90817263544")).toEqual(["password_entirely_numeric"]));
  it("similar to the username or a part of the email", () => {
    expect(passwordErrors("ada_lovelace1", { username: "ada_lovelace" })).toEqual(["password_too_similar"]);
    expect(passwordErrors("grace.hopper!", { email: "grace.hopper@navy.mil" })).toEqual([
      "password_too_similar",
    ]);
    expect(passwordErrors("Tr1cky-pass-word", { username: "ada" })).toEqual([]);
  });
});

describe("Django's username rules", () => {
  const usernameErrors = (u: string) => {
    const fields: FieldErrors = {};
    checkUsername(fields, "u", u);
    return (fields.u ?? []).map((e) => e.code);
  };
  it("letters, digits and @.+-_ in any script", () => {
    expect(usernameErrors("a.b+c-d_e@f")).toEqual([]);
    expect(usernameErrors("Zoë_李")).toEqual([]);
  });
  it("refuses spaces, slashes and markup", () => {
    for (const u of ["a b", "a/b", "<b>", "a\u0000b"]) expect(usernameErrors(u)).toEqual(["invalid"]);
  });
  it("at most 150 characters", () => expect(usernameErrors("a".repeat(151))).toEqual(["max_length"]));
});

describe("username marks and keys", () => {
  const usernameErrors = (u: string) => {
    const fields: FieldErrors = {};
    checkUsername(fields, "u", u);
    return (fields.u ?? []).map((e) => e.code);
  };
  it("refuses combining marks and format characters, as Python's \\w does", () => {
    for (const u of ["eve\u034F", "eve\u0308\u0308", "e\u200Dve", "ev\u20DDe", "\u0915\u093F"])
      expect(usernameErrors(u), JSON.stringify(u)).toEqual(["invalid"]);
  });
  it("takes a mark NFKC composes into a letter", () => expect(usernameErrors("Zoe\u0308")).toEqual([]));
  it("one key under a full case fold plus NFKC", () => {
    const same = (names: string[]) =>
      expect(new Set(names.map(usernameKey)), names.join(" ")).toHaveProperty("size", 1);
    same(["xabcσ", "xabcς", "XABCΣ"]);
    same(["straße", "STRASSE", "strasse", "STRAẞE"]);
    same(["ﬁne", "FINE", "ｆｉｎｅ"]);
    same(["ᾳ", "ᾼ", "αι", "ΑΙ"]);
    expect(usernameKey("xabcσ")).toBe("xabcσ");
    expect(usernameKey("Ada_Lovelace")).toBe("ada_lovelace");
  });
});

describe("Django's EmailValidator", () => {
  const emailErrors = (e: string) => {
    const fields: FieldErrors = {};
    checkEmail(fields, "e", e);
    return (fields.e ?? []).map((x) => x.code);
  };
  it("accepts what Django accepts", () => {
    for (const e of [
      "a@example.com",
      "a.b+c@sub.example.co",
      '"a..b"@example.com',
      "a@localhost",
      "a@[127.0.0.1]",
      "a@[::1]",
      "a@xn--bcher-kva.ch",
      "a@bücher.ch",
    ])
      expect(emailErrors(e), e).toEqual([]);
  });
  it("refuses what Django refuses", () => {
    for (const e of [
      "a",
      "a@",
      "@example.com",
      "a..b@example.com",
      ".a@example.com",
      "a b@example.com",
      "a@example",
      "a@example.c",
      "a@-ex.com",
      "a@ex-.com",
      "a@ex_ample.com",
      "a@[1.2.3]",
      "a@[::g]",
      "a@example.com-",
      `${"a".repeat(64)}@${"b".repeat(250)}.com`,
    ])
      expect(emailErrors(e), e).toContain("invalid");
  });
});

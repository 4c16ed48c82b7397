import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { makeUser, uniqueName } from "../../helpers/factories";
import { OTHER_PASSWORD as GOOD } from "../../helpers/fixtures";

describe("POST /users/register/", () => {
  it("201 creates the user with the documented body", async () => {
    const username = uniqueName();
    const res = await new Client().post("/users/register/", { username, password1: GOOD, password2: GOOD });
    expectStatus(res, 201);
    expect(res.body).toEqual({ id: expect.any(Number), username, message: "User created." });
  });

  it("400 when the username is taken, case-insensitively", async () => {
    const existing = await makeUser();
    const res = await new Client().post("/users/register/", {
      username: existing.username.toUpperCase(),
      password1: GOOD,
      password2: GOOD,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: { username: ["A user with that username already exists."] } });
  });

  it("400 when the two passwords differ", async () => {
    const res = await new Client().post("/users/register/", {
      username: uniqueName(),
      password1: GOOD,
      password2: `${GOOD}x`,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: { password2: ["The two password fields didn’t match."] } });
  });

  it("400 with Django's password validator messages", async () => {
    const res = await new Client().post("/users/register/", {
      username: uniqueName(),
      password1: "12345678",
      password2: "12345678",
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: { password2: ["This password is too common.", "This password is entirely numeric."] },
    });
  });

  it("400 for a short password", async () => {
    const res = await new Client().post("/users/register/", {
      username: uniqueName(),
      password1: "Zq9-x",
      password2: "Zq9-x",
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: { password2: ["This password is too short. It must contain at least 8 characters."] },
    });
  });

  it("400 when the password is too similar to the username", async () => {
    const username = `marathon${uniqueName().slice(-6)}`;
    const res = await new Client().post("/users/register/", {
      username,
      password1: `${username}1`,
      password2: `${username}1`,
    });
    expectStatus(res, 400);
    expect(res.body).toMatchObject({
      errors: { password2: expect.arrayContaining(["The password is too similar to the username."]) },
    });
  });

  it("400 for missing fields, all reported at once", async () => {
    const res = await new Client().raw.post("/users/register/", {});
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: {
        username: ["This field is required."],
        password1: ["This field is required."],
        password2: ["This field is required."],
      },
    });
  });

  it("400 for a username Django would refuse", async () => {
    const res = await new Client().post("/users/register/", {
      username: "bad name!",
      password1: GOOD,
      password2: GOOD,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: {
        username: [
          "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
        ],
      },
    });
  });

  it("400 for an over-long username", async () => {
    const res = await new Client().post("/users/register/", {
      username: "a".repeat(151),
      password1: GOOD,
      password2: GOOD,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: { username: ["Ensure this value has at most 150 characters (it has 151)."] },
    });
  });

  it("400 for wrong types, never 500", async () => {
    const res = await new Client().raw.post("/users/register/", {
      username: ["x"],
      password1: 5,
      password2: null,
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: {
        username: ["Not a valid string."],
        password1: ["Not a valid string."],
        password2: ["This field is required."],
      },
    });
  });

  it("two concurrent registrations of one name: one wins, the other gets the documented 400", async () => {
    const username = uniqueName();
    const [a, b] = await Promise.all([
      new Client().post("/users/register/", { username, password1: GOOD, password2: GOOD }),
      new Client().post("/users/register/", { username, password1: GOOD, password2: GOOD }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 400]);
    expect((a.status === 400 ? a : b).body).toEqual({
      errors: { username: ["A user with that username already exists."] },
    });
  });
});

describe("POST /users/register/ usernames that look alike", () => {
  const INVALID = {
    errors: {
      username: [
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
      ],
    },
  };
  const TAKEN = { errors: { username: ["A user with that username already exists."] } };
  const register = (username: string) =>
    new Client().post("/users/register/", { username, password1: GOOD, password2: GOOD });

  it("400 for a combining mark, as Django's \\w refuses it (no second `eve` that renders like the first)", async () => {
    const existing = await makeUser();
    for (const mark of ["\u034F", "\u0301\u0301", "\u20DD"]) {
      const res = await register(`${existing.username}${mark}`);
      expect(res.status, JSON.stringify(mark)).toBe(400);
      expect(res.body).toEqual(INVALID);
    }
  });

  it("400 for a name that differs from a taken one only by a full case fold (σ/ς/Σ, ß/ss/ẞ)", async () => {
    const base = uniqueName("fold");
    await makeUser({ username: `${base}abcσ`, email: `${base}@example.com` });
    for (const name of [`${base}ABCΣ`, `${base}abcς`, `${base.toUpperCase()}ABCΣ`]) {
      const res = await register(name);
      expect(res.status, name).toBe(400);
      expect(res.body).toEqual(TAKEN);
    }
    await makeUser({ username: `${base}straße`, email: `${base}.2@example.com` });
    for (const name of [`${base}STRASSE`, `${base}strasse`, `${base}STRAẞE`]) {
      const res = await register(name);
      expect(res.status, name).toBe(400);
      expect(res.body).toEqual(TAKEN);
    }
  });
});

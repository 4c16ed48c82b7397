// Issue 19 items 2 and 2b: every search and filter parameter is bounded, and matches any text
// within the bound (long, multibyte, `%`, `_`) without a statement D1 refuses.
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import {
  befriend,
  makePost,
  makeReel,
  makeUserWithToken,
  setProfile,
  uniqueName,
} from "../helpers/factories";

const tooLong = (field: string, max: number) => ({
  [field]: [`Ensure this field has no more than ${max} characters.`],
});
const cocotreeTooLong = (field: string, max: number) => ({
  code: 1,
  error: `Ensure this field has no more than ${max} characters.`,
  payload: { [field]: [`Ensure this field has no more than ${max} characters.`] },
});

/** 100 characters, 200 UTF-8 bytes: four times D1's 50-byte LIKE pattern limit. */
const ACCENTED = "é".repeat(100);
/** `%` and `_` at the bound: as LIKE wildcards escaped they would pass 50 bytes three times over. */
const WILDCARDS = "%_".repeat(50);

describe("GET /api/posts/?search=", () => {
  it("finds a long, multibyte, `%`/`_` title by its whole text, and only it", async () => {
    const author = await makeUserWithToken();
    const accented = await makePost(author.id, { title: ACCENTED });
    const wild = await makePost(author.id, { title: uniqueName("wild"), description: `50${WILDCARDS}off` });
    await makePost(author.id, { title: "é".repeat(99) + "e" });
    for (const [search, id] of [
      [ACCENTED, accented.id],
      [WILDCARDS, wild.id],
      [`50${"%_".repeat(49)}`, wild.id],
    ] as const) {
      const res = await new Client().get(`/api/posts/?search=${encodeURIComponent(search)}`);
      expect(res.status, search).toBe(200);
      expect(res.body.results.map((p: { id: number }) => p.id)).toEqual([id]);
    }
    const none = await new Client().get(`/api/posts/?search=${"a".repeat(100)}`);
    expect(none.status).toBe(200);
    expect(none.body.count).toBe(0);
  });

  it("400 past 100 characters or 10 terms, in DRF's field envelope", async () => {
    await makePost((await makeUserWithToken()).id, { title: uniqueName("any") });
    for (const search of ["a".repeat(101), "é".repeat(101), "%".repeat(101)]) {
      const res = await new Client().get(`/api/posts/?search=${encodeURIComponent(search)}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(tooLong("search", 100));
    }
    const ten = await new Client().get(
      `/api/posts/?search=${Array.from({ length: 10 }, (_, i) => `t${i}`).join("+")}`,
    );
    expect(ten.status).toBe(200);
    for (const search of [Array.from({ length: 11 }, (_, i) => `t${i}`).join(","), "a ".repeat(50)]) {
      const res = await new Client().get(`/api/posts/?search=${encodeURIComponent(search)}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ search: ["Ensure this field has no more than 10 terms."] });
    }
  });
});

describe("GET /api/search/?query=", () => {
  it("200 for long, multibyte and wildcard queries; 400 past 100 characters", async () => {
    const creator = await makeUserWithToken();
    const reel = await makeReel(creator.id, { description: `x${WILDCARDS}` });
    const wild = await new Client().get(`/api/search/?query=${encodeURIComponent(WILDCARDS)}`);
    expect(wild.status).toBe(200);
    expect(wild.body.results.map((r: { id: number }) => r.id)).toEqual([reel.id]);
    for (const query of [ACCENTED, "%_"])
      expect((await new Client().get(`/api/search/?query=${encodeURIComponent(query)}`)).status).toBe(200);
    const long = await new Client().get(`/api/search/?query=${"é".repeat(101)}`);
    expect(long.status).toBe(400);
    expect(long.body).toEqual(tooLong("query", 100));
  });
});

describe("GET /api/v1/users?search= &location=", () => {
  it("finds a user by a long multibyte name, takes % and _ literally; 400 past the bounds", async () => {
    const u = await makeUserWithToken();
    await setProfile(u.id, { displayName: `${ACCENTED.slice(0, 90)}${u.id}`, location: "%".repeat(255) });
    const byName = await new Client().get(
      `/api/v1/users?search=${encodeURIComponent(`${ACCENTED.slice(0, 90)}${u.id}`)}`,
    );
    expect(byName.status).toBe(200);
    expect(byName.body.results.map((r: { username: string }) => r.username)).toEqual([u.username]);
    const wild = await new Client().get(`/api/v1/users?search=${encodeURIComponent(WILDCARDS)}`);
    expect(wild.status).toBe(200);
    expect(wild.body.results).toEqual([]);
    const located = await new Client().get(`/api/v1/users?location=${encodeURIComponent("%".repeat(255))}`);
    expect(located.status).toBe(200);
    expect(located.body.results.map((r: { username: string }) => r.username)).toEqual([u.username]);
    const search = await new Client().get(`/api/v1/users?search=${"é".repeat(101)}`);
    expect(search.status).toBe(400);
    expect(search.body).toEqual(tooLong("search", 100));
    const location = await new Client().get(`/api/v1/users?location=${"a".repeat(256)}`);
    expect(location.status).toBe(400);
    expect(location.body).toEqual(tooLong("location", 255));
  });
});

describe("Cocotree GET /users/search_friends/ and /users/search_users/", () => {
  it("a prefix up to a username's 150 characters, multibyte or wildcard, answers 200; past it, 400", async () => {
    const me = await makeUserWithToken();
    const friend = await makeUserWithToken();
    await befriend(me.id, friend.id);
    const as = new Client().withToken(me.access);
    for (const prefix of [
      "a".repeat(150),
      "é".repeat(150),
      "%".repeat(150),
      "_".repeat(150),
      friend.username.slice(0, 60),
    ]) {
      const res = await as.get(`/users/search_friends/?prefix=${encodeURIComponent(prefix)}`);
      expect(res.status, prefix).toBe(200);
    }
    const mine = await as.get(
      `/users/search_friends/?prefix=${encodeURIComponent(friend.username.toUpperCase())}`,
    );
    expect(mine.body.payload.friends.map((f: { id: number }) => f.id)).toEqual([friend.id]);
    const wildcard = await as.get(`/users/search_friends/?prefix=${encodeURIComponent("_")}`);
    expect(wildcard.body).toEqual({ code: 0, payload: { friends: [] } });
    for (const [path, field, max] of [
      ["/users/search_friends/?prefix=", "prefix", 150],
      ["/users/friends/search_friends/?prefix=", "prefix", 150],
      ["/users/search_friends/?group=", "group", 50],
      ["/users/search_users/?username=", "username", 150],
    ] as const) {
      expect((await as.get(`${path}${"é".repeat(max)}`)).status).toBeLessThan(500);
      const res = await as.get(`${path}${"é".repeat(max + 1)}`);
      expect(res.status, path).toBe(400);
      expect(res.body).toEqual(cocotreeTooLong(field, max));
    }
  });
});

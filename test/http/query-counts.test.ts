import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makeUser, makeUsers, makeUserWithToken, uniqueName } from "../helpers/factories";

/** D1 statements per request, read from X-D1-Queries (COUNT_QUERIES=true in tests): fixed, whatever the data. */
const queries = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Queries"));

describe("D1 statements per request", () => {
  it("reads resolve the caller in one statement and stay constant", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    expect(queries(await client.get(`/users/${u.id}/`))).toBe(1);
    expect(queries(await client.get("/user/api/profile/"))).toBe(1);
    expect(queries(await new Client().get("/users/leaderboard/?limit=50"))).toBe(1);
  });

  it("a login is a lookup, the guess counted before hashing, and one batch of the counter reset and the new session", async () => {
    const u = await makeUser();
    expect(queries(await new Client().post("/users/login/", { username: u.username, password: u.password }))).toBe(4);
    expect(queries(await new Client().post("/user/login/", { username: u.username, password: u.password }))).toBe(4);
  });

  it("MediaCMS's user list is its count and its page in one batch, whatever the page holds; a profile is one lookup", async () => {
    const prefix = uniqueName("counted");
    const [one] = await makeUsers(1, prefix);
    const client = new Client();
    expect(queries(await client.get(`/api/v1/users?search=${prefix}`))).toBe(2);
    await makeUsers(60, `${prefix}_more`);
    expect(queries(await client.get(`/api/v1/users?search=${prefix}`))).toBe(2);
    expect(queries(await client.get(`/api/v1/users?search=${prefix}&page=2`))).toBe(2);
    expect(queries(await client.get(`/api/v1/users/${one!.username}`))).toBe(1);
  });

  it("batched statements count one each", async () => {
    const u = await makeUserWithToken();
    const res = await new Client().withToken(u.access).post("/api/notifications/mark-all-read/");
    expect(res.status).toBe(200);
    expect(queries(res)).toBe(3);
  });

  it("is off unless COUNT_QUERIES is true", async () => {
    const res = await new Client({}, { COUNT_QUERIES: "false" }).get("/users/leaderboard/?limit=1");
    expect(res.status).toBe(200);
    expect(res.headers.has("X-D1-Queries")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makePost, makeUser, makeUsers, makeUserWithToken, testDeps, uniqueName } from "../helpers/factories";

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

  it("a login is a lookup, an in-flight slot taken before hashing, its outcome settled, and one batch of the login write and the new session", async () => {
    const u = await makeUser();
    expect(
      queries(await new Client().post("/users/login/", { username: u.username, password: u.password })),
    ).toBe(5);
    expect(
      queries(await new Client().post("/user/login/", { username: u.username, password: u.password })),
    ).toBe(5);
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

  it("the posts feed: one batch for the count and the page, then flags and authors (first comments are kept on the post), whatever the page size", async () => {
    const tag = uniqueName("feed").replaceAll("_", "x");
    const deps = testDeps();
    const authors = await Promise.all([makeUser({}, deps), makeUser({}, deps), makeUser({}, deps)]);
    for (let i = 0; i < 101; i++) await makePost(authors[i % 3]!.id, { title: `${tag} ${i}` }, deps);
    const viewer = await makeUserWithToken();
    for (const size of [1, 100]) {
      const anonymous = await new Client().get(`/api/posts/?search=${tag}&page_size=${size}`);
      expect(anonymous.body.results).toHaveLength(size);
      expect(queries(anonymous), `anonymous, ${size}`).toBe(3);
      const signedIn = await new Client()
        .withToken(viewer.access)
        .get(`/api/posts/?search=${tag}&page_size=${size}`);
      expect(signedIn.body.results).toHaveLength(size);
      expect(queries(signedIn), `signed in, ${size}`).toBe(5);
    }
    const post = await makePost(authors[0]!.id, { title: tag }, deps);
    const one = await new Client().withToken(viewer.access).get(`/api/posts/${post.id}/`);
    expect(one.status).toBe(200);
    expect(queries(one), "a post: the viewer, the row, then flags and author").toBe(4);
  });

  it("rows read and written come beside the statements, batched and drizzle's raw selects included", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const profile = await client.get("/user/api/profile/");
    expect(profile.status).toBe(200);
    expect(Number(profile.headers.get("X-D1-Rows-Read"))).toBeGreaterThan(0);
    expect(profile.headers.get("X-D1-Rows-Written")).toBe("0");
    const marked = await client.post("/api/notifications/mark-all-read/");
    expect(marked.status).toBe(200);
    expect(Number(marked.headers.get("X-D1-Rows-Read"))).toBeGreaterThan(0);
    const post = await client.post("/api/posts/", { post_title: "counted rows", post_description: "" });
    expect(post.status).toBe(201);
    expect(Number(post.headers.get("X-D1-Rows-Written"))).toBeGreaterThan(0);
  });

  it("is off unless COUNT_QUERIES is true", async () => {
    const res = await new Client({}, { COUNT_QUERIES: "false" }).get("/users/leaderboard/?limit=1");
    expect(res.status).toBe(200);
    expect(res.headers.has("X-D1-Queries")).toBe(false);
    expect(res.headers.has("X-D1-Rows-Read")).toBe(false);
  });
});

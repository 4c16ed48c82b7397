// seed 000: GET /api/v1/users and GET /api/v1/users/{username}.
import { describe, expect, it } from "vitest";
import { BASE, Client, expectStatus } from "../../helpers/client";
import {
  adminUpdate,
  deactivate,
  makePost,
  makeUser,
  makeUsers,
  setProfile,
  uniqueName,
} from "../../helpers/factories";

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const DEFAULT_THUMBNAIL = `${BASE}/media/userlogos/user.jpg`;

const listItem = (username: string, extra: Record<string, unknown> = {}) => ({
  description: "",
  date_added: ISO,
  name: "",
  is_featured: false,
  thumbnail_url: DEFAULT_THUMBNAIL,
  url: `${BASE}/user/${username}/`,
  api_url: `${BASE}/api/v1/users/${username}`,
  username,
  advancedUser: false,
  is_editor: false,
  is_manager: false,
  email_is_verified: false,
  media_count: 0,
  ...extra,
});

const ITEM_KEYS = Object.keys(listItem("x")).sort();

describe("GET /api/v1/users", () => {
  it("answers the seed's envelope and item fields, with or without the trailing slash", async () => {
    const u = await makeUser();
    await setProfile(u.id, { displayName: "Ada Lovelace", bio: "Engines.", location: "London" });
    await adminUpdate(u.id, { isFeatured: true, isEditor: true, isManager: true, advancedUser: true });
    const client = new Client();
    for (const path of [
      `/api/v1/users?search=${u.username}`,
      `/api/v1/users/?search=${u.username}`,
    ] as const) {
      const res = await client.get(path);
      expectStatus(res, 200);
      expect(res.body).toEqual({
        count: 1,
        next: null,
        previous: null,
        results: [
          listItem(u.username, {
            description: "Engines.",
            name: "Ada Lovelace",
            is_featured: true,
            advancedUser: true,
            is_editor: true,
            is_manager: true,
          }),
        ],
      });
    }
  });

  it("uses first and last name when there is no display name", async () => {
    const u = await makeUser();
    await setProfile(u.id, { firstName: "Grace", lastName: "Hopper" });
    const res = await new Client().get(`/api/v1/users?search=${u.username}`);
    expectStatus(res, 200);
    expect(res.body.results[0]!.name).toBe("Grace Hopper");
  });

  it("never shows a private field", async () => {
    const u = await makeUser();
    await setProfile(u.id, { phone: "+15550001234", address: "1 Secret Lane" });
    const res = await new Client().get(`/api/v1/users?search=${u.username}`);
    expectStatus(res, 200);
    expect(Object.keys(res.body.results[0]!).sort()).toEqual(ITEM_KEYS);
    expect(res.text).not.toContain(u.email);
    expect(res.text).not.toContain("+15550001234");
    expect(res.text).not.toContain("Secret Lane");
  });

  it("hides deactivated and banned accounts", async () => {
    const prefix = uniqueName("hidden");
    const [gone, banned, shown] = await makeUsers(3, prefix);
    await deactivate(gone!.id);
    await adminUpdate(banned!.id, { isBanned: true });
    const res = await new Client().get(`/api/v1/users?search=${prefix}`);
    expectStatus(res, 200);
    expect(res.body.results.map((r) => r.username)).toEqual([shown!.username]);
    expect(res.body.count).toBe(1);
  });

  it("pages 50 at a time: 51 users make two pages, links keep the other parameters, page 1 drops `page`", async () => {
    const prefix = uniqueName("page");
    const made = await makeUsers(51, prefix);
    const client = new Client();
    const first = await client.get(`/api/v1/users?search=${prefix}`);
    expectStatus(first, 200);
    expect(first.body.count).toBe(51);
    expect(first.body.results).toHaveLength(50);
    // Newest account first (equal join times fall back to id, newest first).
    expect(first.body.results[0]!.username).toBe(made[50]!.username);
    expect(first.body.results[49]!.username).toBe(made[1]!.username);
    expect(first.body.next).toBe(`${BASE}/api/v1/users?page=2&search=${prefix}`);
    expect(first.body.previous).toBeNull();

    const second = await client.get(`/api/v1/users?search=${prefix}&page=2`);
    expectStatus(second, 200);
    expect(second.body).toEqual({
      count: 51,
      next: null,
      previous: `${BASE}/api/v1/users?search=${prefix}`,
      results: [listItem(made[0]!.username)],
    });

    for (const page of ["3", "0", "-1", "abc", "1.5"]) {
      const res = await client.get(`/api/v1/users?search=${prefix}&page=${page}`);
      expectStatus(res, 404);
      expect(res.body).toEqual({ detail: "Invalid page." });
    }
    // MediaCMS's size is fixed: page_size is ignored.
    const sized = await client.get(`/api/v1/users?search=${prefix}&page_size=5`);
    expectStatus(sized, 200);
    expect(sized.body.results).toHaveLength(50);
  });

  it("exactly 50 users are one page; an empty list still has its page 1", async () => {
    const prefix = uniqueName("fifty");
    await makeUsers(50, prefix);
    const client = new Client();
    const res = await client.get(`/api/v1/users?search=${prefix}`);
    expectStatus(res, 200);
    expect(res.body.count).toBe(50);
    expect(res.body.next).toBeNull();
    const past = await client.get(`/api/v1/users?search=${prefix}&page=2`);
    expectStatus(past, 404);
    const none = await client.get(`/api/v1/users?search=${uniqueName("nobody")}`);
    expectStatus(none, 200);
    expect(none.body).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it("puts advanced users first", async () => {
    const prefix = uniqueName("adv");
    const [older, newer] = await makeUsers(2, prefix);
    await adminUpdate(older!.id, { advancedUser: true });
    const res = await new Client().get(`/api/v1/users?search=${prefix}`);
    expectStatus(res, 200);
    expect(res.body.results.map((r) => r.username)).toEqual([older!.username, newer!.username]);
  });

  it("then the most recent poster of a post, reel or video, then newest account; users who never posted come last", async () => {
    const prefix = uniqueName("latest");
    const [a, b, c, d, e] = await makeUsers(5, prefix);
    await makePost(b!.id, { postType: "video" });
    await makePost(a!.id, { postType: "post" });
    await makePost(c!.id, { postType: "reel" });
    await makePost(b!.id, { postType: "youtube_reel" });
    await adminUpdate(d!.id, { advancedUser: true });
    const res = await new Client().get(`/api/v1/users?search=${prefix}`);
    expectStatus(res, 200);
    // d is advanced; b posted last, then c, then a; e never posted, so it follows whatever its join date.
    expect(res.body.results.map((r) => r.username)).toEqual([d, b, c, a, e].map((u) => u!.username));
  });

  it("media_count counts every post type the user made, in the list and on the profile, at a fixed statement count", async () => {
    const prefix = uniqueName("media");
    const [poster, none] = await makeUsers(2, prefix);
    for (const postType of ["post", "reel", "video", "youtube_video", "youtube_reel", "post"] as const)
      await makePost(poster!.id, { postType });
    const client = new Client();
    const list = await client.get(`/api/v1/users?search=${prefix}`);
    expectStatus(list, 200);
    expect(list.body.results.map((r) => [r.username, r.media_count])).toEqual([
      [poster!.username, 6],
      [none!.username, 0],
    ]);
    expect(list.headers.get("X-D1-Queries")).toBe("2");
    const profile = await client.get(`/api/v1/users/${poster!.username}`);
    expectStatus(profile, 200);
    expect(profile.headers.get("X-D1-Queries")).toBe("1");
    expect(profile.body.media_info).toEqual({
      results: [],
      user_media: `/api/v1/media?author=${poster!.username}`,
    });
  });

  it("searches name or username case-insensitively, with % and _ taken literally", async () => {
    const stem = uniqueName("srch");
    const literal = await makeUser({ username: `${stem}_1` });
    await makeUser({ username: `${stem}x1` });
    const named = await makeUser();
    await setProfile(named.id, { displayName: `Quux ${stem} Zebulon` });
    const client = new Client();
    const upper = await client.get(`/api/v1/users?search=${stem.toUpperCase()}_1`);
    expectStatus(upper, 200);
    expect(upper.body.results.map((r) => r.username)).toEqual([literal.username]);
    const byName = await client.get(`/api/v1/users?search=${encodeURIComponent(`${stem} zebulon`)}`);
    expectStatus(byName, 200);
    expect(byName.body.results.map((r) => r.username)).toEqual([named.username]);
    const percent = await client.get(`/api/v1/users?search=${stem}%25`);
    expectStatus(percent, 200);
    expect(percent.body.count).toBe(0);
  });

  it("filters by exact location", async () => {
    const place = uniqueName("Atlantis");
    const u = await makeUser();
    await setProfile(u.id, { location: place });
    const client = new Client();
    const exact = await client.get(`/api/v1/users?location=${place}`);
    expectStatus(exact, 200);
    expect(exact.body.results.map((r) => r.username)).toEqual([u.username]);
    const folded = await client.get(`/api/v1/users?location=${place.toLowerCase()}`);
    expectStatus(folded, 200);
    expect(folded.body.count).toBe(0);
  });

  it("POST is a 405 in DRF's envelope", async () => {
    const res = await new Client().raw.post("/api/v1/users", {});
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ detail: 'Method "POST" not allowed.' });
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
  });
});

describe("GET /api/v1/users/{username}", () => {
  it("answers every field of the seed's example, by the case-folded username", async () => {
    const username = `${uniqueName("Det")}.a@b+c-d`;
    const u = await makeUser({ username, email: `${uniqueName("det")}@example.com` });
    await setProfile(u.id, {
      displayName: "Joan",
      bio: "Films.",
      location: "International",
      homePage: "https://joan.example",
      socialLinks: "https://x.example/joan",
    });
    const client = new Client();
    for (const path of [`/api/v1/users/${username.toUpperCase()}`, `/api/v1/users/${username}/`] as const) {
      const res = await client.get(path);
      expectStatus(res, 200);
      expect(res.body).toEqual({
        description: "Films.",
        date_added: ISO,
        name: "Joan",
        is_featured: false,
        thumbnail_url: DEFAULT_THUMBNAIL,
        banner_thumbnail_url: null,
        url: `${BASE}/user/${username}/`,
        username,
        media_info: { results: [], user_media: `/api/v1/media?author=${username}` },
        api_url: `${BASE}/api/v1/users/${username}`,
        edit_url: `/user/${username}/edit`,
        default_channel_edit_url: expect.stringMatching(/^\/channel\/[a-zA-Z0-9]{9}\/edit$/),
        home_page: "https://joan.example",
        social_media_links: "https://x.example/joan",
        location_info: [{ title: "International", url: "/members?location=International" }],
      });
      expect(res.text).not.toContain(u.email);
    }
  });

  it("has an empty location_info without a location", async () => {
    const u = await makeUser();
    const res = await new Client().get(`/api/v1/users/${u.username}`);
    expectStatus(res, 200);
    expect(res.body.location_info).toEqual([]);
  });

  it("is 404 user does not exist for an unknown, deactivated or banned user", async () => {
    const gone = await makeUser();
    const banned = await makeUser();
    await deactivate(gone.id);
    await adminUpdate(banned.id, { isBanned: true });
    const client = new Client();
    for (const name of [uniqueName("nobody"), gone.username, banned.username]) {
      const res = await client.get(`/api/v1/users/${name}`);
      expectStatus(res, 404);
      expect(res.body).toEqual({ detail: "user does not exist" });
    }
  });
});

describe("GET /media/userlogos/user.jpg", () => {
  it("serves the default avatar as a cacheable JPEG", async () => {
    // HEAD: the client reads bodies as text, which a JPEG is not.
    const res = await new Client().raw.request("HEAD", "/media/userlogos/user.jpg");
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("Content-Length"))).toBeGreaterThan(100);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(res.headers.get("Cache-Control")).toContain("max-age=");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});

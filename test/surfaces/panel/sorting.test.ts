// Issue 25 item 3: the users and content lists sort by a column's heading, only in orders an index walks.
import { describe, expect, it } from "vitest";
import { makePost, makeUser, setScore, uniqueName } from "../../helpers/factories";
import { signedIn } from "../../helpers/panel";

const makeAdmin = () => makeUser({ groups: ["visitor", "admin"] });
/** The ids of the listed rows, in the page's order. */
const listed = (html: string) => [...html.matchAll(/name="ids" value="(\d+)"/g)].map((m) => Number(m[1]));

describe("sortable columns", () => {
  it("users: by username, score and joined, either way; the heading says the order and links to the other", async () => {
    const client = await signedIn(await makeAdmin());
    const prefix = uniqueName("srt");
    const [b, a, c] = [
      await makeUser({ username: `${prefix}_b` }),
      await makeUser({ username: `${prefix}_a` }),
      await makeUser({ username: `${prefix}_c` }),
    ];
    await setScore(a.id, 2_000_000_000);
    await setScore(c.id, 1_999_999_999);
    const newest = await client.page("/admin/users/");
    expect(newest.text).toContain(
      '<th scope="col" aria-sort="descending"><a href="/admin/users/?sort=joined">Joined ▼</a></th>',
    );
    expect(newest.text).toContain('<th scope="col"><a href="/admin/users/?sort=username">Username</a></th>');
    expect(listed(newest.text).slice(0, 3)).toEqual([c.id, a.id, b.id]);
    const byScore = await client.page("/admin/users/?sort=-score");
    expect(byScore.text).toContain(
      '<th scope="col" aria-sort="descending"><a href="/admin/users/?sort=score">Score ▼</a></th>',
    );
    expect(listed(byScore.text).slice(0, 2)).toEqual([a.id, c.id]);
    const oldest = await client.page("/admin/users/?sort=joined");
    expect(oldest.text).toContain('aria-sort="ascending"><a href="/admin/users/?sort=-joined">Joined ▲</a>');
    expect(listed(oldest.text).indexOf(b.id)).toBeLessThan(listed(oldest.text).indexOf(a.id));
    const byName = await client.page(`/admin/users/?sort=-username`);
    const order = listed(byName.text);
    expect(order.indexOf(c.id)).toBeLessThan(order.indexOf(b.id));
    expect(order.indexOf(b.id)).toBeLessThan(order.indexOf(a.id));
    // The pager keeps the order.
    expect((await client.page("/admin/users/?sort=username")).status).toBe(200);
  });

  it("users: a filtered list is newest first whatever the sort says, and its headings are not links; an unknown sort is the default", async () => {
    const client = await signedIn(await makeAdmin());
    const prefix = uniqueName("flt");
    const [x, y] = [await makeUser({ username: `${prefix}_b` }), await makeUser({ username: `${prefix}_a` })];
    const searched = await client.page(`/admin/users/?q=${prefix}&sort=username`);
    expect(listed(searched.text)).toEqual([y.id, x.id]);
    expect(searched.text).not.toContain("aria-sort");
    expect(searched.text).toContain("Clear the filters to sort by a column.");
    for (const sort of ["id", "password_hash", "-", "username;drop", "%00", "x".repeat(500)]) {
      const res = await client.page(`/admin/users/?sort=${encodeURIComponent(sort)}`);
      expect(res.status, sort).toBe(200);
      expect(res.text).toContain('aria-sort="descending"><a href="/admin/users/?sort=joined">Joined ▼</a>');
    }
  });

  it("content: by posted, either way, whole or of one type; a search and reels stay newest first", async () => {
    const client = await signedIn(await makeAdmin());
    const author = await makeUser();
    const [first, second] = [await makePost(author.id), await makePost(author.id)];
    const newest = await client.page("/admin/content/?kind=post");
    expect(newest.text).toContain(
      '<th scope="col" aria-sort="descending"><a href="/admin/content/?kind=post&amp;sort=posted">Posted ▼</a></th>',
    );
    expect(listed(newest.text).slice(0, 2)).toEqual([second.id, first.id]);
    const oldest = await client.page("/admin/content/?sort=posted");
    expect(oldest.text).toContain(
      'aria-sort="ascending"><a href="/admin/content/?kind=&amp;sort=-posted">Posted ▲</a>',
    );
    const order = listed(oldest.text);
    expect(order.indexOf(first.id)).toBeLessThan(order.indexOf(second.id));
    for (const path of ["/admin/content/?kind=reel&sort=posted", "/admin/content/?q=x&sort=posted"]) {
      const res = await client.page(path);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain("aria-sort");
    }
  });
});

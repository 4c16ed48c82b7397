// route({ form }) (src/http/declared-body.ts): one typed value from JSON, urlencoded or multipart, read as DRF reads them.
import { describe, expect, it } from "vitest";
import { Client } from "../helpers/client";
import { makePost, makeUserWithToken } from "../helpers/factories";

async function commenter() {
  const author = await makeUserWithToken();
  const post = await makePost(author.id);
  const me = await makeUserWithToken();
  return { path: `/api/posts/${post.id}/comments/`, client: new Client().withToken(me.access) } as const;
}

describe("a form body the declaration parses", () => {
  it("a repeated field counts with its last value, as Django's QueryDict gives it (urlencoded and multipart)", async () => {
    const { path, client } = await commenter();
    const urlencoded = await client.raw.post(path, undefined, {
      body: "comment=first&comment=second",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(urlencoded.status, urlencoded.text).toBe(201);
    expect(urlencoded.body.comment).toBe("second");
    const form = new FormData();
    form.append("comment", "one");
    form.append("comment", "two");
    const multipart = await client.raw.post(path, undefined, { body: form });
    expect(multipart.status, multipart.text).toBe(201);
    expect(multipart.body.comment).toBe("two");
  });

  it("JSON that is not an object is a malformed body in the surface's envelope; no body is no fields", async () => {
    const { path, client } = await commenter();
    const list = await client.raw.post(path, ["comment"]);
    expect(list.status).toBe(400);
    expect(list.body).toEqual({ detail: "Malformed request body." });
    const none = await client.raw.post(path);
    expect(none.status).toBe(400);
    expect(none.body).toEqual({ comment: ["This field is required."] });
  });

  it("a file sent in a text field is not text: DRF's CharField answers it 'Not a valid string.'", async () => {
    const { path, client } = await commenter();
    const form = new FormData();
    form.append("comment", new File(["hello"], "comment.txt"));
    const res = await client.raw.post(path, undefined, { body: form });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ comment: ["Not a valid string."] });
  });
});

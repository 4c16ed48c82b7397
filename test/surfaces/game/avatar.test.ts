import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { GIF_BYTES, JPEG_BYTES, PNG_BYTES, upload } from "../../helpers/fixtures";
import { loggedInGameUser } from "../../helpers/game";

const MB = 1024 * 1024;
const png = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_BYTES);
  return bytes;
};

describe("POST /users/avatar/", () => {
  it("200 stores the image in R2 and serves it at avatar_url", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: upload("avatar", "me.PNG", PNG_BYTES),
    });
    expectStatus(res, 200);
    expect(res.body).toEqual({
      id: user.id,
      username: user.username,
      message: "Avatar updated.",
      avatar_url: expect.stringMatching(new RegExp(`^/media/u/${user.id}/avatar/[\\w-]+\\.png$`)),
    });
    const served = await new Client().raw.get(res.body.avatar_url!);
    expectStatus(served, 200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect((await client.raw.get(`/users/${user.id}/`)).body.avatar).toBe(res.body.avatar_url);
  });

  it("accepts .jpg and .jpeg JPEGs", async () => {
    const { client } = await loggedInGameUser();
    for (const name of ["a.jpg", "b.jpeg"]) {
      const res = await client.request("POST", "/users/avatar/", {
        body: upload("avatar", name, JPEG_BYTES),
      });
      expectStatus(res, 200);
      expect(res.body.avatar_url).toMatch(/\.jpg$/);
    }
  });

  it("replacing an avatar removes the old file", async () => {
    const { client } = await loggedInGameUser();
    const first = await client.request("POST", "/users/avatar/", {
      body: upload("avatar", "a.png", PNG_BYTES),
    });
    expectStatus(first, 200);
    await client.request("POST", "/users/avatar/", { body: upload("avatar", "b.png", PNG_BYTES) });
    await new Promise((r) => setTimeout(r, 50));
    expect((await new Client().raw.get(first.body.avatar_url!)).status).toBe(404);
  });

  it("400 with the curly-quoted message for a disallowed extension", async () => {
    const { client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: upload("avatar", "anim.gif", GIF_BYTES),
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: { avatar: ["File extension “gif” is not allowed. Allowed extensions are: jpg, jpeg, png."] },
    });
  });

  it("400 for a file over 3 MB", async () => {
    const { client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: upload("avatar", "big.png", png(3 * MB + 1)),
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: { avatar: ["File size exceeds the limit 3.0 MB."] } });
  });

  it("a file of exactly 3 MB is accepted", async () => {
    const { client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: upload("avatar", "edge.png", png(3 * MB)),
    });
    expectStatus(res, 200);
  });

  it("400 for a body far over the limit, refused before it is read", async () => {
    const { client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: upload("avatar", "huge.png", png(8 * MB)),
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({ errors: { avatar: ["File size exceeds the limit 3.0 MB."] } });
  });

  it("400 for a non-image named .png (checked by magic bytes)", async () => {
    const { client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: upload("avatar", "evil.png", new TextEncoder().encode("<script>alert(1)</script>"), "image/png"),
    });
    expectStatus(res, 400);
    expect(res.body).toEqual({
      errors: {
        avatar: ["Upload a valid image. The file you uploaded was either not an image or a corrupted image."],
      },
    });
  });

  it("400 for a GIF disguised as .png", async () => {
    const { client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: upload("avatar", "sneaky.png", GIF_BYTES),
    });
    expectStatus(res, 400);
  });

  it("400 when no file is uploaded", async () => {
    const { client } = await loggedInGameUser();
    const empty = await client.request("POST", "/users/avatar/", { body: new FormData() });
    expectStatus(empty, 400);
    expect(empty.body).toEqual({ errors: "No file uploaded." });
    const wrongField = await client.request("POST", "/users/avatar/", {
      body: upload("picture", "a.png", PNG_BYTES),
    });
    expect(wrongField.body).toEqual({ errors: "No file uploaded." });
    const json = await client.raw.post("/users/avatar/", { avatar: "a.png" });
    expect(json.body).toEqual({ errors: "No file uploaded." });
  });

  it("400, not 500, for a broken multipart body", async () => {
    const { client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: '--xyz\r\nContent-Disposition: form-data; name="avatar"\r\n\r\nunterminated',
      headers: { "Content-Type": "multipart/form-data; boundary=abc" },
    });
    expectStatus(res, 400);
  });

  it("401 without credentials", async () => {
    const res = await new Client().request("POST", "/users/avatar/", {
      body: upload("avatar", "a.png", PNG_BYTES),
    });
    expectStatus(res, 401);
    expect(res.body).toEqual({ errors: "User is not authenticated." });
  });
});

describe("GET /media/{key}", () => {
  async function stored() {
    const { client } = await loggedInGameUser();
    const res = await client.raw.request("POST", "/users/avatar/", {
      body: upload("avatar", "a.png", png(1000)),
    });
    return res.body.avatar_url as string;
  }

  it("serves with ETag, Last-Modified and long-lived cache headers", async () => {
    const url = await stored();
    const res = await new Client().raw.get(url);
    expectStatus(res, 200);
    expect(res.headers.get("ETag")).toMatch(/^"/);
    expect(res.headers.get("Last-Modified")).toBeTruthy();
    expect(res.headers.get("Cache-Control")).toContain("max-age=31536000");
    expect(res.headers.get("Content-Length")).toBe("1000");
  });

  it("304 for a matching If-None-Match", async () => {
    const url = await stored();
    const first = await new Client().raw.get(url);
    const again = await new Client().raw.get(url, {
      headers: { "If-None-Match": first.headers.get("ETag")! },
    });
    expectStatus(again, 304);
    expect(again.text).toBe("");
  });

  it("206 with Content-Range for a byte range", async () => {
    const url = await stored();
    const res = await new Client().raw.get(url, { headers: { Range: "bytes=0-7" } });
    expectStatus(res, 206);
    expect(res.headers.get("Content-Range")).toBe("bytes 0-7/1000");
    expect(res.headers.get("Content-Length")).toBe("8");
  });

  it("206 for a suffix range", async () => {
    const url = await stored();
    const res = await new Client().raw.get(url, { headers: { Range: "bytes=-10" } });
    expectStatus(res, 206);
    expect(res.headers.get("Content-Range")).toBe("bytes 990-999/1000");
  });

  it("416 for a range past the end", async () => {
    const url = await stored();
    const res = await new Client().raw.get(url, { headers: { Range: "bytes=5000-6000" } });
    expectStatus(res, 416);
    expect(res.headers.get("Content-Range")).toBe("bytes */1000");
  });

  it("404 JSON for an unknown key", async () => {
    const res = await new Client().raw.get("/media/u/1/avatar/nope.png");
    expectStatus(res, 404);
    expect(res.body).toEqual({ detail: "Not found." });
  });
});

describe("POST /users/avatar/ under another content type", () => {
  it("415 for a body that is neither a form nor JSON; the avatar stays", async () => {
    const { user, client } = await loggedInGameUser();
    const res = await client.request("POST", "/users/avatar/", {
      body: PNG_BYTES,
      headers: { "Content-Type": "image/png" },
    });
    expectStatus(res, 415);
    expect(res.body).toEqual({ errors: 'Unsupported media type "image/png" in request.' });
    const plain = await client.request("POST", "/users/avatar/", {
      body: "avatar=a.png",
      headers: { "Content-Type": "text/plain" },
    });
    expectStatus(plain, 415);
    expect(plain.body).toEqual({ errors: 'Unsupported media type "text/plain" in request.' });
    expect((await client.raw.get(`/users/${user.id}/`)).body.avatar).toBeNull();
  });
});

// DESIGN.md, Storage roles: user media served by the Worker at /media/{key} (issue 8, findings 5 and 12).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UntypedClient as Client } from "../helpers/client";
import { makeUserWithToken } from "../helpers/factories";
import { PNG_BYTES, upload } from "../helpers/fixtures";
import { loggedInGameUser } from "../helpers/game";

const NOT_FOUND = { detail: "Not found." };
const SANDBOX = "default-src 'none'; sandbox";

/** A GIF header followed by script: valid enough for the magic-byte check, and valid JavaScript too. */
const GIF_JS_POLYGLOT = new TextEncoder().encode("GIF89a=1;alert(document.domain)//");

async function avatarKey() {
  const { client } = await loggedInGameUser();
  const res = await client.raw.request("POST", "/users/avatar/", {
    body: upload("avatar", "a.png", PNG_BYTES, "text/html"),
  });
  expect(res.status, res.text).toBe(200);
  return res.body.avatar_url as string;
}

function expectSandboxed(headers: Headers) {
  expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(headers.get("Content-Security-Policy")).toBe(SANDBOX);
}

describe("GET /media/{key}: keys R2 cannot hold", () => {
  it("404 in the envelope for a key of 1,025 bytes, not 500", async () => {
    const res = await new Client().get(`/media/${"a".repeat(1025)}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
  });

  it("bounds the key in UTF-8 bytes: 513 two-byte characters are 1,026 bytes", async () => {
    const res = await new Client().get(`/media/${encodeURIComponent("é".repeat(513))}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
  });

  it("404 for a long key with a range or a validator too, and for HEAD", async () => {
    const path = `/media/${"k".repeat(4000)}`;
    const variants: Record<string, string>[] = [{ Range: "bytes=0-1" }, { "If-None-Match": '"x"' }, {}];
    for (const headers of variants) {
      const res = await new Client().get(path, { headers });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    }
    expect((await new Client().request("HEAD", path)).status).toBe(404);
  });

  it("a key of exactly 1,024 bytes is still looked up (and served when it exists)", async () => {
    const key = "x".repeat(1024);
    await env.MEDIA.put(key, PNG_BYTES, { httpMetadata: { contentType: "image/png" } });
    const res = await new Client().get(`/media/${key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Length")).toBe(String(PNG_BYTES.length));
  });
});

describe("GET /media/{key}: malformed validators", () => {
  it("an unparsable If-None-Match matches nothing: 200, not a 416 for a range nobody asked for", async () => {
    const url = await avatarKey();
    for (const tag of ["garbage", '"unclosed']) {
      const res = await new Client().get(url, { headers: { "If-None-Match": tag } });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Length")).toBe(String(PNG_BYTES.length));
    }
  });

  it("an unparsable If-Modified-Since or If-Unmodified-Since is ignored (RFC 9110): 200", async () => {
    const url = await avatarKey();
    for (const name of ["If-Modified-Since", "If-Unmodified-Since"]) {
      const res = await new Client().get(url, { headers: { [name]: "garbage" } });
      expect(res.status, name).toBe(200);
    }
  });

  it("an unparsable If-Match matches nothing: 412", async () => {
    const url = await avatarKey();
    const res = await new Client().get(url, { headers: { "If-Match": "garbage" } });
    expect(res.status).toBe(412);
  });
});

describe("GET /media/{key}: never a page of this origin", () => {
  it("200, 206 and 304 carry nosniff and the sandboxing CSP; an image is not an attachment", async () => {
    const url = await avatarKey();
    const ok = await new Client().get(url);
    expect(ok.status).toBe(200);
    expectSandboxed(ok.headers);
    expect(ok.headers.get("Content-Disposition")).toBeNull();
    const partial = await new Client().get(url, { headers: { Range: "bytes=0-3" } });
    expect(partial.status).toBe(206);
    expectSandboxed(partial.headers);
    const notModified = await new Client().get(url, {
      headers: { "If-None-Match": ok.headers.get("ETag")! },
    });
    expect(notModified.status).toBe(304);
    expectSandboxed(notModified.headers);
    const head = await new Client().request("HEAD", url);
    expect(head.status).toBe(200);
    expectSandboxed(head.headers);
  });

  it("serves the type sniffed at upload, never the one the request declared", async () => {
    const u = await makeUserWithToken();
    const client = new Client().withToken(u.access);
    const res = await client.request("PATCH", `/user/api/update/${u.id}/`, {
      body: upload("profile_pic", "x.gif", GIF_JS_POLYGLOT, "text/javascript"),
    });
    expect(res.status, res.text).toBe(200);
    const served = await new Client().get(res.body.profile_pic);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/gif");
    expectSandboxed(served.headers);
  });

  it("anything stored under a type that is not an image or a video is an attachment", async () => {
    const cases: [string, string | undefined][] = [
      ["t/page.html", "text/html"],
      ["t/script.js", "text/javascript"],
      ["t/vector.svg", "image/svg+xml"],
      ["t/untyped.bin", undefined],
    ];
    for (const [key, contentType] of cases) {
      await env.MEDIA.put(key, "<script>alert(1)</script>", {
        httpMetadata: contentType ? { contentType } : {},
      });
      const res = await new Client().get(`/media/${key}`);
      expect(res.status, key).toBe(200);
      expect(res.headers.get("Content-Disposition"), key).toBe("attachment");
      expect(res.headers.get("Content-Type"), key).toBe(contentType ?? "application/octet-stream");
      expectSandboxed(res.headers);
      const partial = await new Client().get(`/media/${key}`, { headers: { Range: "bytes=0-3" } });
      expect(partial.status, key).toBe(206);
      expect(partial.headers.get("Content-Disposition"), key).toBe("attachment");
    }
  });

  it("a stored video plays inline", async () => {
    await env.MEDIA.put("t/clip.mp4", new Uint8Array(64), { httpMetadata: { contentType: "video/mp4" } });
    const res = await new Client().get("/media/t/clip.mp4");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBeNull();
    expectSandboxed(res.headers);
  });

  it("404 and 416 answers carry nosniff too", async () => {
    const missing = await new Client().get("/media/u/1/avatar/nope.png");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(NOT_FOUND);
    expect(missing.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const url = await avatarKey();
    const past = await new Client().get(url, { headers: { Range: "bytes=5000-" } });
    expect(past.status).toBe(416);
    expect(past.headers.get("Content-Range")).toBe(`bytes */${PNG_BYTES.length}`);
    expect(past.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});

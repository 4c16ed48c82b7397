import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, UntypedClient } from "../../helpers/client";
import { makeCreator, makeUserWithToken } from "../../helpers/factories";
import { MP4_BYTES, PNG_BYTES, WEBM_BYTES, upload, videoBytes } from "../../helpers/fixtures";
import { storedNotifications } from "../../helpers/notifications";

const NOT_AUTH = { detail: "Authentication credentials were not provided." };
const NO_VIDEO = { error: "No video file provided" };
const NOT_VIDEO = {
  error: "Upload a valid video. The file you uploaded was not an MP4, WebM or QuickTime video.",
};

function reelForm(
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name?: string; field?: string },
) {
  const form = file ? upload(file.field ?? "video", file.name ?? "clip.mp4", file.bytes) : new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}
const send = (client: Client, path: "/create/reel/" | "/create/video/", form: FormData) =>
  client.raw.post(path, undefined, { body: form });
const postRow = (id: number) =>
  env.DB.prepare(
    "SELECT post_type, post_title, post_description, video_key, thumbnail_key, youtube_id FROM posts WHERE id = ?",
  )
    .bind(id)
    .first();

describe("POST /create/reel/", () => {
  it("201: an MP4 stored in R2 under the uploader, the post a reel, and the uploader notified", async () => {
    const creator = await makeCreator();
    const bytes = videoBytes(300_000);
    const res = await send(
      new Client().withToken(creator.access),
      "/create/reel/",
      reelForm({ title: "My Cool Reel", description: "Check this out!" }, { bytes }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      title: "My Cool Reel",
      video_url: expect.stringMatching(new RegExp(`^/media/u/${creator.id}/video/[\\w-]+\\.mp4$`)),
      reel_description: "Check this out!",
      thumbnail_url: null,
      created_by: creator.id,
      post: expect.any(Number),
    });
    expect(await postRow(res.body.post)).toMatchObject({
      post_type: "reel",
      post_title: "My Cool Reel",
      post_description: "Check this out!",
      youtube_id: null,
    });
    const served = await new UntypedClient().get(res.body.video_url);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("video/mp4");
    const [notice] = await storedNotifications(creator.id);
    expect(notice).toMatchObject({
      message: "Reel uploaded!",
      page: "reel",
      page_item_id: res.body.post,
      notification_type: "general",
      is_read: false,
    });
  });

  it("201 for an admin too, with a thumbnail image", async () => {
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const form = reelForm({ title: "t" }, { bytes: WEBM_BYTES, name: "a.webm" });
    form.append("thumbnail", new File([PNG_BYTES], "t.png"));
    const res = await send(new Client().withToken(admin.access), "/create/reel/", form);
    expect(res.status, res.text).toBe(201);
    expect(res.body.video_url).toMatch(/\.webm$/);
    expect(res.body.thumbnail_url).toMatch(new RegExp(`^/media/u/${admin.id}/thumbnail/[\\w-]+\\.png$`));
    expect((await new UntypedClient().get(res.body.thumbnail_url)).headers.get("Content-Type")).toBe(
      "image/png",
    );
  });

  it("401 anonymous, before anything is read", async () => {
    const res = await send(new Client(), "/create/reel/", reelForm({ title: "t" }, { bytes: MP4_BYTES }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_AUTH);
  });

  it("403 for a visitor, in the original's words", async () => {
    const visitor = await makeUserWithToken();
    const res = await send(
      new Client().withToken(visitor.access),
      "/create/reel/",
      reelForm({ title: "t" }, { bytes: MP4_BYTES }),
    );
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: "Only creators and admins can upload reels." });
    const video = await send(
      new Client().withToken(visitor.access),
      "/create/video/",
      reelForm({ title: "t" }, { bytes: MP4_BYTES }),
    );
    expect(video.body).toEqual({ detail: "Only creators and admins can upload videos." });
  });

  it("400 with no file, upload or link; an empty file is none", async () => {
    const creator = await makeCreator();
    const client = new Client().withToken(creator.access);
    expect((await send(client, "/create/reel/", reelForm({ title: "t" }))).body).toEqual(NO_VIDEO);
    const empty = await send(client, "/create/reel/", reelForm({ title: "t" }, { bytes: new Uint8Array(0) }));
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual(NO_VIDEO);
    const json = await client.raw.post("/create/reel/", { title: "t" });
    expect(json.status).toBe(400);
    expect(json.body).toEqual(NO_VIDEO);
  });

  it("400 for bytes that are not a video, whatever the name says; nothing is stored", async () => {
    const creator = await makeCreator();
    const client = new Client().withToken(creator.access);
    for (const bytes of [
      PNG_BYTES,
      new TextEncoder().encode("<html><script>alert(1)</script></html>"),
      new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63]),
    ]) {
      const res = await send(client, "/create/reel/", reelForm({ title: "t" }, { bytes, name: "x.mp4" }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(NOT_VIDEO);
    }
    expect((await env.MEDIA.list({ prefix: `u/${creator.id}/` })).objects).toEqual([]);
  });

  it("400 field errors: a missing or too long title, a thumbnail that is not an image", async () => {
    const creator = await makeCreator();
    const client = new Client().withToken(creator.access);
    const missing = await send(client, "/create/reel/", reelForm({}, { bytes: MP4_BYTES }));
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ title: ["This field is required."] });
    const long = await send(
      client,
      "/create/reel/",
      reelForm({ title: "x".repeat(101) }, { bytes: MP4_BYTES }),
    );
    expect(long.body).toEqual({ title: ["Ensure this field has no more than 100 characters."] });
    const form = reelForm({ title: "t" }, { bytes: MP4_BYTES });
    form.append("thumbnail", new File([MP4_BYTES], "t.png"));
    const thumb = await send(client, "/create/reel/", form);
    expect(thumb.status).toBe(400);
    expect(thumb.body).toEqual({
      thumbnail: [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
      ],
    });
  });
});

describe("DELETE /api/posts/{id}/ of a reel", () => {
  it("takes its video and thumbnail out of R2", async () => {
    const creator = await makeCreator();
    const form = reelForm({ title: "gone soon" }, { bytes: MP4_BYTES });
    form.append("thumbnail", new File([PNG_BYTES], "t.png"));
    const made = await send(new Client().withToken(creator.access), "/create/reel/", form);
    expect(made.status).toBe(201);
    // A client that waits for the deferred clean-up before it answers.
    const res = await new UntypedClient({}, {})
      .withToken(creator.access)
      .delete(`/api/posts/${made.body.post}/`);
    expect(res.status).toBe(204);
    expect((await env.MEDIA.list({ prefix: `u/${creator.id}/` })).objects).toEqual([]);
  });
});

describe("POST /create/video/", () => {
  it("201: a video, notified as one", async () => {
    const creator = await makeCreator();
    const res = await send(
      new Client().withToken(creator.access),
      "/create/video/",
      reelForm({ title: "Long one" }, { bytes: videoBytes(4096) }),
    );
    expect(res.status, res.text).toBe(201);
    expect(await postRow(res.body.post)).toMatchObject({ post_type: "video" });
    expect((await storedNotifications(creator.id))[0]).toMatchObject({
      message: "Video uploaded!",
      page: "reel",
      page_item_id: res.body.post,
    });
  });
});

describe("YouTube links", () => {
  it("youtube_url on /create/reel/ makes a youtube_reel; youtube_id on /create/video/ a youtube_video", async () => {
    const creator = await makeCreator();
    const client = new Client().withToken(creator.access);
    for (const link of [
      "https://youtu.be/dQw4w9WgXcQ",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
      "youtube.com/shorts/dQw4w9WgXcQ",
      "https://m.youtube.com/embed/dQw4w9WgXcQ",
    ]) {
      const reel = await client.raw.post("/create/reel/", { title: "Short", youtube_url: link });
      expect(reel.status, `${link}: ${reel.text}`).toBe(201);
      expect(reel.body).toMatchObject({
        video_url: "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        thumbnail_url: "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
      });
      expect(await postRow(reel.body.post)).toMatchObject({
        post_type: "youtube_reel",
        youtube_id: "dQw4w9WgXcQ",
        video_key: null,
      });
    }
    const video = await send(
      client,
      "/create/video/",
      reelForm({ title: "Long", youtube_id: "a_b-c1234XY" }),
    );
    expect(video.status).toBe(201);
    expect(video.body.video_url).toBe("https://www.youtube.com/watch?v=a_b-c1234XY");
    expect(await postRow(video.body.post)).toMatchObject({ post_type: "youtube_video" });
    expect((await storedNotifications(creator.id))[0]).toMatchObject({
      message: "Video uploaded!",
      page_item_id: video.body.post,
    });
  });

  it("400 for an id or link that names no YouTube video", async () => {
    const creator = await makeCreator();
    const client = new Client().withToken(creator.access);
    for (const [field, value] of [
      ["youtube_id", "short"],
      ["youtube_id", "dQw4w9WgXc!"],
      ["youtube_url", "https://evil.example/watch?v=dQw4w9WgXcQ"],
      ["youtube_url", "javascript:alert(1)//youtu.be/dQw4w9WgXcQ"],
    ] as const) {
      const res = await client.raw.post("/create/reel/", { title: "t", [field]: value });
      expect(res.status, value).toBe(400);
      expect(res.body).toEqual({ [field]: ["Enter a valid YouTube URL or video id."] });
    }
  });
});

import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, Client, UntypedClient, expectStatus } from "../../helpers/client";
import { makeCreator, makeUserWithToken, sweepUploadsAt } from "../../helpers/factories";
import { PNG_BYTES, videoBytes } from "../../helpers/fixtures";

const MiB = 1024 * 1024;
const P = 5 * MiB;
const NOT_FOUND = { detail: "Not found." };
const WRONG_SIZE = {
  detail: "Every part but the last must be exactly part_size bytes, and the last the rest.",
};

const start = (client: Client, size: number, content_type = "video/mp4") =>
  client.post("/create/uploads/", { filename: "clip.mp4", content_type, size });
const putPart = (client: Client, id: string, n: number, bytes: Uint8Array) =>
  client.raw.request("PUT", `/create/uploads/${id}/parts/${n}/`, {
    body: bytes,
    headers: { "Content-Type": "application/octet-stream" },
  });

async function started(client: Client, size: number) {
  const res = await start(client, size);
  expectStatus(res, 201);
  return res.body;
}

describe("POST /create/uploads/", () => {
  it("201: the part size (5 MiB) and how many parts to send", async () => {
    const creator = await makeCreator();
    const res = await start(new Client().withToken(creator.access), 2 * P + 1234);
    expectStatus(res, 201);
    expect(res.body).toEqual({ upload_id: expect.stringMatching(/^[\w-]{16,}$/), part_size: P, parts: 3 });
  });

  it("400 for a type that is not a video, a size out of range, a blank name", async () => {
    const client = new Client().withToken((await makeCreator()).access);
    const bad = await client.raw.post("/create/uploads/", {
      filename: " ",
      content_type: "text/html",
      size: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      filename: ["This field may not be blank."],
      content_type: ['"text/html" is not a valid choice.'],
      size: ["Ensure this value is greater than or equal to 1."],
    });
    const huge = await client.raw.post("/create/uploads/", {
      filename: "a.mp4",
      content_type: "video/mp4",
      size: 2048 * MiB + 1,
    });
    expect(huge.body).toEqual({ size: [`Ensure this value is less than or equal to ${2048 * MiB}.`] });
  });

  it("401 anonymous, 403 for a visitor", async () => {
    expect((await start(new Client(), 10)).status).toBe(401);
    const visitor = await makeUserWithToken();
    const res = await start(new Client().withToken(visitor.access), 10);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: "Only creators and admins can upload videos." });
  });
});

describe("a resumable upload", () => {
  it("resumes after a missing part, completes, becomes a reel, and plays from /media/ with Range", async () => {
    const creator = await makeCreator();
    const client = new Client().withToken(creator.access);
    const size = 2 * P + 4321;
    const bytes = videoBytes(size);
    const { upload_id: id } = await started(client, size);

    const first = await putPart(client, id, 1, bytes.subarray(0, P));
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ part_number: 1, etag: expect.any(String) });
    // Part 2 is lost on the way; part 3 arrives.
    expect((await putPart(client, id, 3, bytes.subarray(2 * P))).status).toBe(200);

    const gap = await client.get(`/create/uploads/${id}/`);
    expectStatus(gap, 200);
    expect(gap.body).toEqual({
      upload_id: id,
      part_size: P,
      size,
      completed: false,
      parts: [
        { part_number: 1, etag: first.body.etag },
        { part_number: 3, etag: expect.any(String) },
      ],
    });
    const early = await client.post(`/create/uploads/${id}/complete/`);
    expect(early.status).toBe(400);
    expect(early.body).toEqual({ detail: "Not every part of this upload has arrived." });
    const unfinished = await client.raw.post("/create/reel/", { title: "Too soon", upload_id: id });
    expect(unfinished.status).toBe(400);
    expect(unfinished.body).toEqual({ detail: "Not every part of this upload has arrived." });

    expect((await putPart(client, id, 2, bytes.subarray(P, 2 * P))).status).toBe(200);
    expect(((await client.get(`/create/uploads/${id}/`)).body as { parts: unknown[] }).parts).toHaveLength(3);
    const done = await client.post(`/create/uploads/${id}/complete/`);
    expectStatus(done, 200);
    expect(done.body).toMatchObject({ upload_id: id, completed: true });

    const reel = await client.raw.post("/create/reel/", {
      title: "Big reel",
      description: "resumed",
      upload_id: id,
    });
    expect(reel.status, reel.text).toBe(201);
    expect(reel.body).toMatchObject({
      title: "Big reel",
      reel_description: "resumed",
      created_by: creator.id,
    });
    expect(reel.body.video_url).toMatch(new RegExp(`^/media/u/${creator.id}/video/[\\w-]+\\.mp4$`));
    // The upload is used up: it is gone, and cannot make a second reel.
    expect((await client.get(`/create/uploads/${id}/`)).status).toBe(404);
    const again = await client.raw.post("/create/reel/", { title: "Twice", upload_id: id });
    expect(again.status).toBe(404);

    const viewer = new UntypedClient();
    const from = P - 3;
    const res = await env.MEDIA.get(reel.body.video_url.slice("/media/".length));
    expect(res!.size).toBe(size);
    const ranged = await fetchRange(viewer, reel.body.video_url, `bytes=${from}-${from + 9}`);
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("Content-Range")).toBe(`bytes ${from}-${from + 9}/${size}`);
    expect(ranged.headers.get("Accept-Ranges")).toBe("bytes");
    expect(ranged.headers.get("Content-Type")).toBe("video/mp4");
    expect(ranged.body).toEqual(bytes.subarray(from, from + 10));
    const tail = await fetchRange(viewer, reel.body.video_url, "bytes=-5");
    expect(tail.body).toEqual(bytes.subarray(size - 5));
    const past = await fetchRange(viewer, reel.body.video_url, `bytes=${size}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get("Content-Range")).toBe(`bytes */${size}`);
    // Three 5 MiB parts through R2 and back: it timed out at 5 s in whole-suite runs on a loaded machine.
  }, 60_000);

  it("400 for a part of the wrong size or number, and for a part after completion", async () => {
    const client = new Client().withToken((await makeCreator()).access);
    const size = P + 10;
    const bytes = videoBytes(size);
    const { upload_id: id } = await started(client, size);
    for (const [n, body] of [
      [1, bytes.subarray(0, P - 1)],
      [1, videoBytes(P + 1)],
      [2, bytes.subarray(P, P + 9)],
      [2, bytes.subarray(0, 11)],
    ] as const) {
      const res = await putPart(client, id, n, body);
      expect(res.status, `part ${n} of ${body.length}`).toBe(400);
      expect(res.body).toEqual(WRONG_SIZE);
    }
    for (const n of [0, 3]) {
      const res = await putPart(client, id, n, bytes.subarray(0, 10));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: "This upload has no part with that number." });
    }
    expect(((await client.get(`/create/uploads/${id}/`)).body as { parts: unknown[] }).parts).toEqual([]);
    expect((await putPart(client, id, 1, bytes.subarray(0, P))).status).toBe(200);
    expect((await putPart(client, id, 2, bytes.subarray(P))).status).toBe(200);
    expect((await client.post(`/create/uploads/${id}/complete/`)).status).toBe(200);
    const late = await putPart(client, id, 2, bytes.subarray(P));
    expect(late.status).toBe(400);
    expect(late.body).toEqual({ detail: "This upload is already complete." });
  });

  it("a completed upload whose bytes are not the declared video type makes no reel", async () => {
    const client = new Client().withToken((await makeCreator()).access);
    const { upload_id: id } = await started(client, PNG_BYTES.length);
    expect((await putPart(client, id, 1, PNG_BYTES)).status).toBe(200);
    expect((await client.post(`/create/uploads/${id}/complete/`)).status).toBe(200);
    const res = await client.raw.post("/create/video/", { title: "t", upload_id: id });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: "Upload a valid video. The file you uploaded was not an MP4, WebM or QuickTime video.",
    });
  });

  it("404 for someone else's upload, on every route; 204 aborts one's own", async () => {
    const owner = new Client().withToken((await makeCreator()).access);
    const other = new Client().withToken((await makeCreator()).access);
    const { upload_id: id } = await started(owner, 100);
    for (const res of [
      await other.get(`/create/uploads/${id}/`),
      await putPart(other, id, 1, videoBytes(100)),
      await other.post(`/create/uploads/${id}/complete/`),
      await other.delete(`/create/uploads/${id}/`),
      await other.raw.post("/create/reel/", { title: "mine now", upload_id: id }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    }
    expect((await owner.get(`/create/uploads/${id}/`)).status).toBe(200);
    expect((await new Client().get(`/create/uploads/${id}/`)).status).toBe(401);
    expect((await owner.delete(`/create/uploads/${id}/`)).status).toBe(204);
    expect((await owner.get(`/create/uploads/${id}/`)).status).toBe(404);
    expect((await owner.get("/create/uploads/no-such-upload/")).status).toBe(404);
  });
});

describe("one upload, one reel", () => {
  it("two creates racing for one upload: one 201, the other 404, one post", async () => {
    const creator = await makeCreator();
    const client = new Client().withToken(creator.access);
    const { upload_id: id } = await started(client, 64);
    expect((await putPart(client, id, 1, videoBytes(64))).status).toBe(200);
    expect((await client.post(`/create/uploads/${id}/complete/`)).status).toBe(200);
    const replies = await Promise.all(
      [1, 2, 3].map((i) =>
        new Client()
          .withToken(creator.access)
          .raw.post("/create/reel/", { title: `race ${i}`, upload_id: id }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 404, 404]);
    const made = await env.DB.prepare("SELECT count(*) AS n FROM posts WHERE created_by = ?")
      .bind(creator.id)
      .first<{ n: number }>();
    expect(made!.n).toBe(1);
    const notices = await env.DB.prepare(
      "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND event = 'reel_uploaded'",
    )
      .bind(creator.id)
      .first<{ n: number }>();
    expect(notices!.n).toBe(1);
  });
});

describe("an upload being aborted", () => {
  /** R2's side gone, the row not yet: where an abort in flight (R2 first, then the row) leaves a part or a completion. */
  async function abortInR2(id: string) {
    const row = await env.DB.prepare("SELECT object_key, r2_upload_id FROM video_uploads WHERE id = ?")
      .bind(id)
      .first<{ object_key: string; r2_upload_id: string }>();
    await env.MEDIA.resumeMultipartUpload(row!.object_key, row!.r2_upload_id).abort();
  }

  it("404 for a part of an upload R2 no longer has, never a 500", async () => {
    const client = new Client().withToken((await makeCreator()).access);
    const { upload_id: id } = await started(client, 2 * P + 10);
    expect((await putPart(client, id, 1, videoBytes(P))).status).toBe(200);
    expect((await putPart(client, id, 2, videoBytes(P))).status).toBe(200);
    await abortInR2(id);
    const part = await putPart(client, id, 3, videoBytes(10));
    expect(part.status).toBe(404);
    expect(part.body).toEqual(NOT_FOUND);
    const parts = await env.DB.prepare("SELECT count(*) AS n FROM video_upload_parts WHERE upload_id = ?")
      .bind(id)
      .first<{ n: number }>();
    expect(parts!.n).toBe(2);
  });

  it("404 for completing an upload R2 no longer has", async () => {
    const client = new Client().withToken((await makeCreator()).access);
    const { upload_id: id } = await started(client, 64);
    expect((await putPart(client, id, 1, videoBytes(64))).status).toBe(200);
    await abortInR2(id);
    const done = await client.raw.post(`/create/uploads/${id}/complete/`);
    expect(done.status).toBe(404);
    expect(done.body).toEqual(NOT_FOUND);
    const row = await env.DB.prepare("SELECT completed_at FROM video_uploads WHERE id = ?")
      .bind(id)
      .first<{ completed_at: number | null }>();
    expect(row!.completed_at).toBeNull();
  });

  it("parts, completions and aborts racing: each answers 200, 204, 404 or a part's 400 after completion, never a 500", async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 4; round++) {
      const client = new Client().withToken((await makeCreator()).access);
      const { upload_id: id } = await started(client, 64);
      expect((await putPart(client, id, 1, videoBytes(64))).status).toBe(200);
      const replies = await Promise.all([
        putPart(client, id, 1, videoBytes(64)),
        client.raw.post(`/create/uploads/${id}/complete/`),
        client.raw.delete(`/create/uploads/${id}/`),
        putPart(client, id, 1, videoBytes(64)),
        client.raw.post(`/create/uploads/${id}/complete/`),
      ]);
      for (const r of replies) {
        statuses.push(r.status);
        if (r.status === 404) expect(r.body).toEqual(NOT_FOUND);
        if (r.status === 400) expect(r.body).toEqual({ detail: "This upload is already complete." });
      }
      expect((await client.get(`/create/uploads/${id}/`)).status).toBe(404);
    }
    expect(statuses.filter((s) => ![200, 204, 400, 404].includes(s))).toEqual([]);
    // Four creators and twenty-four requests: room for a loaded machine.
  }, 60_000);
});

describe("the 24-hour sweep", () => {
  it("aborts uploads older than a day, in bounded batches, and keeps younger ones", async () => {
    const client = new Client().withToken((await makeCreator()).access);
    const { upload_id: id } = await started(client, 100);
    expect((await putPart(client, id, 1, videoBytes(100))).status).toBe(200);
    const row = await env.DB.prepare(
      "SELECT object_key, r2_upload_id, created_at FROM video_uploads WHERE id = ?",
    )
      .bind(id)
      .first<{ object_key: string; r2_upload_id: string }>();
    const { upload_id: second } = await started(client, 100);
    // Older than every other test's upload, so that these two are the oldest the sweep sees.
    const created = Date.now() - 30 * 24 * 3600_000;
    await env.DB.prepare("UPDATE video_uploads SET created_at = ? WHERE id IN (?, ?)")
      .bind(created, id, second)
      .run();
    expect(await sweepUploadsAt(new Date(created + 23 * 3600_000))).toBe(0);
    expect((await client.get(`/create/uploads/${id}/`)).status).toBe(200);
    expect(await sweepUploadsAt(new Date(created + 25 * 3600_000), 1)).toBe(1);
    expect(await sweepUploadsAt(new Date(created + 25 * 3600_000), 1)).toBe(1);
    expect(await sweepUploadsAt(new Date(created + 25 * 3600_000), 1)).toBe(0);
    expect((await client.get(`/create/uploads/${id}/`)).status).toBe(404);
    expect((await client.get(`/create/uploads/${second}/`)).status).toBe(404);
    // R2 no longer has the multipart upload.
    await expect(
      env.MEDIA.resumeMultipartUpload(row!.object_key, row!.r2_upload_id).uploadPart(2, new Uint8Array(10)),
    ).rejects.toThrow();
  });
});

/** The bytes as sent: the test client reads bodies as text. */
async function fetchRange(_client: UntypedClient, path: string, range: string) {
  const res = await exports.default.fetch(
    new Request(new URL(path, BASE), { headers: { Range: range, "CF-Connecting-IP": "198.51.100.7" } }),
  );
  return { status: res.status, headers: res.headers, body: new Uint8Array(await res.arrayBuffer()) };
}

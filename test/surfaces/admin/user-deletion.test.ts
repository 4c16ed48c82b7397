// Issue 19 items 12 and 13: every deletion of an account is the same erase, and it leaves nothing in R2.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, expectStatus } from "../../helpers/client";
import { eventually } from "../../helpers/eventually";
import {
  attachMedia,
  likeAndComment,
  makeCreator,
  makePost,
  makeUser,
  makeUserWithToken,
} from "../../helpers/factories";
import { videoBytes } from "../../helpers/fixtures";
import { purgeAll } from "../../helpers/purge";

interface UploadRow {
  object_key: string;
  r2_upload_id: string;
}

const count = async (sql: string, ...binds: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;
const gone = (keys: string[]) =>
  eventually(async () => (await Promise.all(keys.map((k) => env.MEDIA.head(k)))).every((o) => o === null), {
    what: "R2 objects deleted",
  });
/** R2 refuses a part for a multipart upload it no longer has. */
const aborted = (u: UploadRow) =>
  eventually(
    async () => {
      try {
        await env.MEDIA.resumeMultipartUpload(u.object_key, u.r2_upload_id).uploadPart(2, new Uint8Array(10));
        return false;
      } catch {
        return true;
      }
    },
    { what: "multipart upload aborted" },
  );

/** A creator with a reel (video and thumbnail in R2), a banner, a like on someone else's post, and two uploads no reel took. */
async function creatorWithEverything() {
  const creator = await makeCreator();
  const client = new Client().withToken(creator.access);
  const reel = await makePost(creator.id, { postType: "reel" });
  const keys = [
    ...(await attachMedia({ postFiles: reel.id })),
    ...(await attachMedia({ userBanner: creator.id })),
  ];
  const othersPost = await makePost((await makeUser()).id);
  await likeAndComment(creator.id, othersPost.id);

  const start = async () => {
    const res = await client.post("/create/uploads/", {
      filename: "clip.mp4",
      content_type: "video/mp4",
      size: 100,
    });
    expectStatus(res, 201);
    const id = res.body.upload_id;
    const part = await client.raw.request("PUT", `/create/uploads/${id}/parts/1/`, {
      body: videoBytes(100),
      headers: { "Content-Type": "application/octet-stream" },
    });
    expect(part.status).toBe(200);
    const row = await env.DB.prepare("SELECT object_key, r2_upload_id FROM video_uploads WHERE id = ?")
      .bind(id)
      .first<UploadRow>();
    return { id, row: row! };
  };
  const unfinished = await start();
  const completed = await start();
  expect((await client.post(`/create/uploads/${completed.id}/complete/`)).status).toBe(200);
  expect(await env.MEDIA.head(completed.row.object_key)).not.toBeNull();
  expect(
    (await env.DB.prepare("SELECT like_count AS n FROM posts WHERE id = ?")
      .bind(othersPost.id)
      .first<{ n: number }>())!.n,
  ).toBe(1);
  return { creator, keys, othersPost, unfinished: unfinished.row, completed: completed.row };
}

async function expectErased(made: Awaited<ReturnType<typeof creatorWithEverything>>) {
  // Gone from every API at once; its rows and the likes it gave go with the cron (purge-deleted.ts).
  expect(
    await count("SELECT COUNT(*) AS n FROM users WHERE id = ? AND deleted_at IS NULL", made.creator.id),
  ).toBe(0);
  await purgeAll();
  expect(await count("SELECT COUNT(*) AS n FROM users WHERE id = ?", made.creator.id)).toBe(0);
  expect(await count("SELECT COUNT(*) AS n FROM video_uploads WHERE user_id = ?", made.creator.id)).toBe(0);
  // The like it gave leaves the other post's counter with its row.
  expect(await count("SELECT like_count AS n FROM posts WHERE id = ?", made.othersPost.id)).toBe(0);
  await gone([...made.keys, made.completed.object_key]);
  await aborted(made.unfinished);
}

describe("DELETE /api/admin/users/{id}/", () => {
  it("204: the same erase as a self-service deletion: R2 files, unfinished and unused uploads go, like counts stay exact, one audit row", async () => {
    const made = await creatorWithEverything();
    const admin = await makeUserWithToken({ groups: ["visitor", "admin"] });
    const res = await new Client().withToken(admin.access).delete(`/api/admin/users/${made.creator.id}/`);
    expectStatus(res, 204);
    await expectErased(made);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM admin_audit WHERE action = 'user.delete' AND object_id = ? AND actor_id = ?",
        made.creator.id,
        admin.id,
      ),
    ).toBe(1);
  });
});

describe("a self-service deletion", () => {
  it("aborts the account's unfinished uploads and deletes its completed unused ones", async () => {
    const made = await creatorWithEverything();
    expectStatus(
      await new Client().withToken(made.creator.access).delete(`/api/v1/users/${made.creator.username}`),
      204,
    );
    await expectErased(made);
  });
});

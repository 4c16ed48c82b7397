import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, UntypedClient } from "../../helpers/client";
import { makeCreator, makeUserWithToken } from "../../helpers/factories";
import { upload, videoBytes } from "../../helpers/fixtures";

/** A viewer whose requests return only once the work they deferred (the play count) is done. */
const settledViewer = () => new UntypedClient({}, {});

async function makeReel() {
  const creator = await makeCreator();
  const form = upload("video", "r.mp4", videoBytes(2000));
  form.append("title", "counted");
  const res = await new Client()
    .withToken(creator.access)
    .raw.post("/create/reel/", undefined, { body: form });
  expect(res.status, res.text).toBe(201);
  return { post: res.body.post as number, url: res.body.video_url as string };
}
const views = async (post: number) =>
  (await env.DB.prepare("SELECT view_count FROM posts WHERE id = ?")
    .bind(post)
    .first<{ view_count: number }>())!.view_count;

describe("GET /media/{video} counts plays", () => {
  it("once per anonymous viewer (client IP) per hour: the whole file or a range from 0 is a play", async () => {
    const { post, url } = await makeReel();
    const viewer = settledViewer();
    expect((await viewer.get(url)).status).toBe(200);
    expect(await views(post)).toBe(1);
    expect((await viewer.get(url)).status).toBe(200);
    expect((await viewer.get(url, { headers: { Range: "bytes=0-99" } })).status).toBe(206);
    expect(await views(post)).toBe(1);
    const other = settledViewer();
    expect((await other.get(url, { headers: { Range: "bytes=0-" } })).status).toBe(206);
    expect(await views(post)).toBe(2);
  });

  it("seeking (a range not from 0), HEAD, a suffix range and an unsatisfiable range are not plays", async () => {
    const { post, url } = await makeReel();
    expect((await settledViewer().get(url, { headers: { Range: "bytes=100-199" } })).status).toBe(206);
    expect((await settledViewer().get(url, { headers: { Range: "bytes=-10" } })).status).toBe(206);
    expect((await settledViewer().get(url, { headers: { Range: "bytes=5000-" } })).status).toBe(416);
    expect((await settledViewer().request("HEAD", url)).status).toBe(200);
    expect(await views(post)).toBe(0);
  });

  it("a signed-in viewer counts once across addresses; each user counts", async () => {
    const { post, url } = await makeReel();
    const user = await makeUserWithToken();
    await settledViewer().withToken(user.access).get(url);
    await settledViewer().withToken(user.access).get(url);
    expect(await views(post)).toBe(1);
    await settledViewer()
      .withToken((await makeUserWithToken()).access)
      .get(url);
    expect(await views(post)).toBe(2);
  });

  it("the count is atomic: parallel first plays by distinct viewers all count", async () => {
    const { post, url } = await makeReel();
    const replies = await Promise.all(Array.from({ length: 12 }, () => settledViewer().get(url)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(await views(post)).toBe(12);
  });

  it("the dedupe lives an hour in KV", async () => {
    const { url } = await makeReel();
    const viewer = settledViewer();
    await viewer.get(url);
    const key = `play:ip${viewer.ip}:${url.slice("/media/".length)}`;
    const stored = await env.KV.getWithMetadata(key);
    expect(stored.value).toBe("1");
    const listed = (await env.KV.list({ prefix: key })).keys[0];
    expect(listed?.expiration).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(listed?.expiration).toBeLessThanOrEqual(Date.now() / 1000 + 3601);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors";
import { limitStream, storeStream } from "../../src/http/body-limits";
import { uniqueName } from "../helpers/factories";

const CHUNK = 64 * 1024;
/** Chunk i of a body: CHUNK bytes (fewer at the end) of the value i mod 251, so order and loss show. */
const chunkOf = (i: number, bytes: number) =>
  new Uint8Array(Math.min(CHUNK, bytes - i * CHUNK)).fill(i % 251);

/** `bytes` bytes produced as they are read; `state.pulled` says how far the reader got. */
function streamOf(bytes: number) {
  let i = 0;
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i * CHUNK >= bytes) return controller.close();
      const chunk = chunkOf(i++, bytes);
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

const sha256 = async (data: ArrayBuffer | Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", data));
const expectedDigest = (bytes: number) => new Response(streamOf(bytes).stream).arrayBuffer().then(sha256);
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => "OK",
    (e: unknown) =>
      e instanceof DomainError ? `${e.code}${e.reason ? `:${e.reason}` : ""}` : `other: ${String(e)}`,
  );

describe("limitStream", () => {
  it("passes a body within the limit through unchanged", async () => {
    const out = await new Response(limitStream(streamOf(300_000).stream, 300_000)).arrayBuffer();
    expect(await sha256(out)).toEqual(await expectedDigest(300_000));
  });

  it("errors with PAYLOAD_TOO_LARGE once past the limit, and stops reading the source", async () => {
    const { stream, state } = streamOf(10 * 1024 * 1024);
    expect(await reasonOf(new Response(limitStream(stream, 200_000)).arrayBuffer())).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    // The source is cancelled at the chunk that overflowed, give or take what the pipe had queued.
    expect(state.pulled).toBeLessThan(1024 * 1024);
  });
});

describe("storeStream into R2", () => {
  const MB = 1024 * 1024;
  const put = (key: string) => (stream: ReadableStream<Uint8Array>) => env.MEDIA.put(key, stream);

  it("stores a body within the limit intact, streamed", async () => {
    const key = `test/${uniqueName("ok")}`;
    const stored = await storeStream(
      streamOf(3 * MB + 17).stream,
      { length: 3 * MB + 17, maxBytes: 5 * MB },
      put(key),
    );
    expect(stored?.size).toBe(3 * MB + 17);
    const object = await env.MEDIA.get(key);
    expect(await sha256(await object!.arrayBuffer())).toEqual(await expectedDigest(3 * MB + 17));
  });

  it("413 for a body that runs past its length, and nothing left in R2", async () => {
    const key = `test/${uniqueName("long")}`;
    const { stream, state } = streamOf(20 * MB);
    expect(await reasonOf(storeStream(stream, { length: 2 * MB, maxBytes: 5 * MB }, put(key)))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect(await env.MEDIA.head(key)).toBeNull();
    expect(state.pulled).toBeLessThan(3 * MB);
  });

  it("413 for a length past the limit, before anything is read or stored", async () => {
    const key = `test/${uniqueName("declared")}`;
    const { stream, state } = streamOf(6 * MB);
    expect(await reasonOf(storeStream(stream, { length: 6 * MB, maxBytes: 5 * MB }, put(key)))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    // A stream asks its source for one chunk when it is made; nothing more is read.
    expect(state.pulled).toBeLessThanOrEqual(CHUNK);
    expect(await env.MEDIA.head(key)).toBeNull();
  });

  it("400 for a body that ends short of its length, and nothing left in R2", async () => {
    const key = `test/${uniqueName("short")}`;
    expect(
      await reasonOf(storeStream(streamOf(MB).stream, { length: 2 * MB, maxBytes: 5 * MB }, put(key))),
    ).toBe("BAD_REQUEST:malformed_body");
    expect(await env.MEDIA.head(key)).toBeNull();
  });

  it("a store that fails without reading is reported as it failed, and does not hang", async () => {
    const failing = () => Promise.reject(new Error("R2 is down"));
    expect(await reasonOf(storeStream(streamOf(MB).stream, { length: MB, maxBytes: 5 * MB }, failing))).toBe(
      "other: Error: R2 is down",
    );
  });

  it("a store that fails partway through a whole body is reported as it failed, not as a short body", async () => {
    // As R2 does when a write fails midway: it drops the stream it was reading.
    const failingAfterOneChunk = async (stream: ReadableStream<Uint8Array>) => {
      const reader = stream.getReader();
      await reader.read();
      await reader.cancel();
      throw new Error("R2 is down");
    };
    expect(
      await reasonOf(
        storeStream(streamOf(2 * MB).stream, { length: 2 * MB, maxBytes: 5 * MB }, failingAfterOneChunk),
      ),
    ).toBe("other: Error: R2 is down");
  });
});

import { describe, expect, it } from "vitest";
import { KV_PREFIXES, kvKeys } from "../../src/infra/kv-keys";

describe("KV key schemes", () => {
  it("keep the keys stored before they had one home", () => {
    expect(kvKeys.rateLimit("203.0.113.9", 29_000_000)).toBe("rl:203.0.113.9:29000000");
    expect(kvKeys.rateLimit("anonymous", 1)).toBe("rl:anonymous:1");
    expect(kvKeys.lock("alice")).toBe("lock:alice");
    expect(kvKeys.healthProbe()).toBe("healthz");
  });

  it("every builder writes under a listed prefix, and no prefix is the start of another", () => {
    const samples = [
      kvKeys.rateLimit("1.2.3.4", 5),
      kvKeys.lock("x"),
      kvKeys.play("u1", "u/1/video/a.mp4"),
      kvKeys.healthProbe(),
    ];
    for (const key of samples) expect(KV_PREFIXES.filter((p) => key.startsWith(p))).toHaveLength(1);
    expect(samples).toHaveLength(Object.keys(kvKeys).length);
    for (const a of KV_PREFIXES)
      for (const b of KV_PREFIXES) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });
});

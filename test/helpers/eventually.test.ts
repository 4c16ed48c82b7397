import { describe, expect, it } from "vitest";
import { eventually } from "./eventually";

describe("eventually", () => {
  it("returns the first truthy value of the probe", async () => {
    let n = 0;
    expect(await eventually(async () => ++n >= 3 && n)).toBe(3);
  });

  it("returns the first value that satisfies `until`", async () => {
    let n = 0;
    expect(
      await eventually(
        async () => ++n,
        (v) => v >= 4,
      ),
    ).toBe(4);
  });

  it("throws on timeout, naming what it waited for and the last value seen", async () => {
    await expect(
      eventually(
        async () => ({ status: 500 }),
        (r) => r.status === 200,
        { timeoutMs: 50, what: "a 200" },
      ),
    ).rejects.toThrow('eventually: a 200 not met within 50 ms; last value: {"status":500}');
    await expect(eventually(async () => false, { timeoutMs: 50 })).rejects.toThrow(
      "eventually: condition not met within 50 ms; last value: false",
    );
  });
});

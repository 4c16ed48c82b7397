import { describe, expect, it } from "vitest";
import { Client } from "./client";
import { nextIp } from "./ip";

describe("nextIp", () => {
  it("never repeats an address, across HTTP clients and direct callers alike", () => {
    const seen = [new Client().ip, ...Array.from({ length: 300 }, nextIp), new Client().ip];
    expect(new Set(seen).size).toBe(seen.length);
    for (const ip of seen) expect(ip).toMatch(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
  });
});

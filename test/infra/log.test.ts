// A failed query's bound values (hashes, secrets, emails) never reach the logs.
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { errorFields } from "../../src/infra/log";

describe("errorFields", () => {
  it("keeps a failed query's SQL and cause, never its bound values", () => {
    const err = new DrizzleQueryError(
      "insert into sessions (secret_hash, user_id) values (?, ?)",
      ["s3cret-hash-value", 7],
      new Error("D1_ERROR: UNIQUE constraint failed"),
    );
    const fields = errorFields(err);
    expect(fields.error).toBe(
      "Failed query: insert into sessions (secret_hash, user_id) values (?, ?); cause: Error: D1_ERROR: UNIQUE constraint failed",
    );
    expect(JSON.stringify(fields)).not.toContain("s3cret-hash-value");
    expect(fields.stack).toMatch(/^\s+at /);
  });

  it("keeps any other error's message and stack", () => {
    const fields = errorFields(new TypeError("boom"));
    expect(fields.error).toBe("TypeError: boom");
    expect(fields.stack).toContain("boom");
  });
});

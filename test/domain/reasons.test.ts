import { describe, expect, it } from "vitest";
import {
  DomainError,
  FIELD_ERROR_CODES,
  REASON_TABLES,
  REASONS,
  type DomainErrorCode,
  type Reason,
} from "../../src/domain/errors";
import type { Envelope } from "../../src/http/envelope";
import { zodFieldErrors } from "../../src/http/validator";
import { gameEnvelope } from "../../src/surfaces/game/errors";
import { defaultDrfEnvelope } from "../../src/surfaces/shared/drf-envelope";
import { twimbolEnvelope } from "../../src/surfaces/twimbol/errors";

const ENVELOPES: Record<string, Envelope> = {
  game: gameEnvelope,
  twimbol: twimbolEnvelope,
  drf: defaultDrfEnvelope,
};

/** The error a verb would throw for `reason`, with the payload its code requires. */
function errorFor(reason: Reason): DomainError {
  const code: DomainErrorCode = REASONS[reason];
  if (code === "RATE_LIMITED")
    return new DomainError(code, reason as "too_many_codes", { retryAfterSeconds: 7 });
  return new (DomainError as new (code: DomainErrorCode, reason: Reason) => DomainError)(code, reason);
}

describe("domain reasons", () => {
  it("names each reason in one entity only", () => {
    const names = Object.values(REASON_TABLES).flatMap((table) => Object.keys(table));
    expect(names.length).toBe(new Set(names).size);
    expect(new Set(names)).toEqual(new Set(Object.keys(REASONS)));
  });

  it("are snake_case", () => {
    for (const reason of Object.keys(REASONS)) expect(reason).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  for (const [name, envelope] of Object.entries(ENVELOPES)) {
    it(`${name}: answers every reason as a client error or an outage, never a 500`, () => {
      for (const reason of Object.keys(REASONS) as Reason[]) {
        const reply = envelope.fromDomain(errorFor(reason));
        expect([reason, reply.status >= 400 && reply.status < 600 && reply.status !== 500]).toEqual([
          reason,
          true,
        ]);
        expect(reply.body).toBeTypeOf("object");
      }
    });
  }

  it("carries retry seconds in a typed field, and every surface sends them as Retry-After", () => {
    const err = new DomainError("RATE_LIMITED", "too_many_requests", { retryAfterSeconds: 42 });
    expect(err.reason).toBe("too_many_requests");
    expect(err.retryAfterSeconds).toBe(42);
    for (const envelope of Object.values(ENVELOPES)) {
      const reply = envelope.fromDomain(err);
      expect(reply.status).toBe(429);
      expect(reply.headers).toEqual({ "Retry-After": "42" });
      expect(JSON.stringify(reply.body)).toContain("Expected available in 42 seconds.");
    }
  });

  it("refuses reasons the domain does not declare, and payloads a code does not carry (compile time)", () => {
    const refused = [
      // @ts-expect-error: not a reason
      () => new DomainError("NOT_FOUND", "typo"),
      // @ts-expect-error: a reason of another code
      () => new DomainError("NOT_FOUND", "follow_self"),
      // @ts-expect-error: RATE_LIMITED needs its retry seconds
      () => new DomainError("RATE_LIMITED", "too_many_requests"),
      // @ts-expect-error: seconds are a number, not words
      () => new DomainError("RATE_LIMITED", "too_many_requests", { retryAfterSeconds: "60" }),
      // @ts-expect-error: VALIDATION needs its fields
      () => new DomainError("VALIDATION"),
    ];
    expect(refused).toHaveLength(5);
  });
});

describe("field error codes", () => {
  it("the validator passes on a schema's own code only when it is a declared one", () => {
    const issue = (code: string) => ({
      code: "custom" as const,
      path: ["f"],
      message: "m",
      input: "x",
      params: { code },
    });
    expect(zodFieldErrors({ issues: [issue("null_characters_not_allowed")] }, { f: "x" })).toEqual({
      f: [{ code: "null_characters_not_allowed", message: "m" }],
    });
    expect(zodFieldErrors({ issues: [issue("made_up")] }, { f: "x" })).toEqual({
      f: [{ code: "invalid", message: "m" }],
    });
    expect(FIELD_ERROR_CODES).toContain("invalid");
  });
});

// Every reason a surface's routes can raise, sent through that surface's onError: the answers a client
// sees (status, headers, body), pinned by a snapshot. An envelope refactor must leave it unchanged.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it, vi } from "vitest";
import { NotFriendsInChat } from "../../src/domain/chats/send-message";
import {
  DomainError,
  REASON_TABLES,
  REASONS,
  validationError,
  type DomainErrorCode,
  type Entity,
  type Reason,
} from "../../src/domain/errors";
import type { AppEnv } from "../../src/env";
import { ConfigError } from "../../src/infra/config";
import type { Surface } from "../../src/http/surface";
import { surfaces, unowned } from "../../src/surfaces";
import type { SurfaceEnvelope, Words } from "../../src/surfaces/shared/reason-words";

/** The entities whose reasons a surface's routes can raise, as its envelope declares them. */
function raisedBy(surface: Surface): readonly Entity[] {
  const { raises } = surface.envelope as Partial<SurfaceEnvelope>;
  if (!raises) throw new Error(`the envelope of ${surface.name} does not say which reasons its routes raise`);
  return raises;
}

/** The error a verb would throw for `reason`, with the payload its code requires. */
function errorFor(reason: Reason): DomainError {
  const code: DomainErrorCode = REASONS[reason];
  if (code === "RATE_LIMITED")
    return new DomainError(code, reason as "too_many_codes", { retryAfterSeconds: 7 });
  if (code === "MFA_REQUIRED")
    return new DomainError(code, reason as "two_factor_required", { mfaToken: "ticket" });
  return new (DomainError as new (code: DomainErrorCode, reason: Reason) => DomainError)(code, reason);
}

/** Field errors that each envelope rewords, renames or collapses in its own way. */
const VALIDATION: Record<string, DomainError> = {
  "fields: taken, mismatch, too long, unknown pk": validationError({
    username: [{ code: "unique", message: "A user with that username already exists." }],
    email: [{ code: "unique", message: "User with this Email already exists." }],
    password_confirm: [{ code: "password_mismatch", message: "The two password fields didn’t match." }],
    bio: [
      {
        code: "max_length",
        message: "Ensure this value has at most 500 characters (it has 501).",
        params: { max: 500 },
      },
    ],
    child_id: [{ code: "does_not_exist", message: "Select a valid choice.", params: { pk: 9 } }],
  }),
  "fields: wrong old password, unchanged new one": validationError({
    old_password: [{ code: "password_incorrect", message: "Your old password was entered incorrectly." }],
    new_password: [{ code: "password_unchanged", message: "New password is the old one." }],
  }),
  "fields: unchanged new password, short confirmation": validationError({
    new_password: [{ code: "password_unchanged", message: "New password is the old one." }],
    new_password_confirm: [{ code: "password_too_short", message: "This password is too short." }],
  }),
  "fields: none": validationError({}),
};

/** Each code with no reason, as the framework and the surfaces raise them. */
const BARE: Record<string, unknown> = {
  BAD_REQUEST: new DomainError("BAD_REQUEST"),
  UNAUTHENTICATED: new DomainError("UNAUTHENTICATED"),
  INVALID_CREDENTIALS: new DomainError("INVALID_CREDENTIALS"),
  LOCKED: new DomainError("LOCKED"),
  MFA_REQUIRED: new DomainError("MFA_REQUIRED", undefined, { mfaToken: "ticket" }),
  FORBIDDEN: new DomainError("FORBIDDEN"),
  NOT_FOUND: new DomainError("NOT_FOUND"),
  CONFLICT: new DomainError("CONFLICT"),
  CSRF: new DomainError("CSRF"),
  PAYLOAD_TOO_LARGE: new DomainError("PAYLOAD_TOO_LARGE"),
  UNSUPPORTED_MEDIA_TYPE: new DomainError("UNSUPPORTED_MEDIA_TYPE", undefined, { mediaType: "text/plain" }),
  RATE_LIMITED: new DomainError("RATE_LIMITED", undefined, { retryAfterSeconds: 7 }),
  UNAVAILABLE: new DomainError("UNAVAILABLE"),
  "framework 400": new HTTPException(400),
  "framework 413": new HTTPException(413),
  "configuration refused": new ConfigError("invalid configuration: RATE_LIMIT_PER_MINUTE"),
};

function casesFor(surface: Surface): [string, unknown][] {
  const entities = raisedBy(surface);
  const reasons = entities.flatMap((e) => Object.keys(REASON_TABLES[e]) as Reason[]);
  const cases: [string, unknown][] = reasons.map((r) => [r, errorFor(r)]);
  if (entities.includes("chats"))
    cases.push(["not_friends_in_chat, naming the member", new NotFriendsInChat("alice")]);
  return [...cases, ...Object.entries(VALIDATION), ...Object.entries(BARE)];
}

/** What a client gets when a route of `surface` throws `err`: status, every header the error path sets, and the body. */
async function answer(surface: Surface, err: unknown) {
  const app = new Hono<AppEnv>();
  app.onError(surface.onError);
  app.get("/", () => {
    throw err;
  });
  // A refused configuration is logged as the operator's to fix: expected here, so kept off the test output.
  const quiet =
    err instanceof ConfigError ? vi.spyOn(console, "error").mockImplementation(() => {}) : undefined;
  const res = await app.request("/");
  quiet?.mockRestore();
  const text = await res.text();
  const html = res.headers.get("Content-Type")?.startsWith("text/html");
  // A panel page: its heading and message are what it says; the frame around them is the layout's.
  const body = html
    ? { h1: text.match(/<h1>(.*?)<\/h1>/)?.[1], alert: text.match(/role="alert">(.*?)<\/p>/s)?.[1]?.trim() }
    : JSON.parse(text);
  // One line per answer: the status, each header the error path sets (beyond JSON's content type), the body.
  const headers = [...res.headers]
    .filter(([k, v]) => !(k === "content-type" && v === "application/json"))
    .map(([k, v]) => `${k}: ${v} `);
  return `${res.status} ${headers.join("")}${JSON.stringify(body)}`;
}

describe("error envelopes: every reachable reason through every surface", () => {
  it("a surface words only reasons of the entities it raises (compile time)", () => {
    const words = { malformed_json: "Invalid JSON input." } satisfies Words<"request", string>;
    // @ts-expect-error: a chat reason, from a surface that raises none
    const stray = { chat: "Chat not found" } satisfies Words<"request" | "auth", string>;
    // @ts-expect-error: not a reason at all
    const typo = { malformed_jsn: "Invalid JSON input." } satisfies Words<"request", string>;
    expect([words, stray, typo]).toHaveLength(3);
  });

  for (const surface of [...surfaces, unowned]) {
    it(`${surface.name}: answers as before`, async () => {
      const answers: Record<string, string> = {};
      for (const [label, err] of casesFor(surface)) answers[label] = await answer(surface, err);
      expect(answers).toMatchSnapshot();
    });
  }
});

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { ConfigError, loadConfig } from "../../src/infra/config";
import { BASE } from "../helpers/client";

const SECRET = "config-test-secret-config-test-secret-0123";
/** Only the vars: README's defaults apply to everything else. */
const bare = (vars: Record<string, unknown> = {}) => ({ JWT_SECRET: SECRET, ...vars }) as unknown as Env;

describe("loadConfig", () => {
  it("has no built-in JWT key, in development either, for a local request or not (npm run dev writes one into .dev.vars)", () => {
    const noSecret = { ENVIRONMENT: "development" } as unknown as Env;
    for (const localRequest of [true, false]) {
      expect(() => loadConfig(noSecret, { localRequest })).toThrow(
        new ConfigError(
          "JWT_SECRET must be set to at least 32 bytes (`npm run dev` writes one into .dev.vars)",
        ),
      );
    }
  });

  it("applies README's defaults to unset and blank vars", () => {
    const expected = {
      environment: "production",
      isDevelopment: false,
      jwtIssuer: "edge-social-api",
      jwtAudience: "edge-social-api",
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 604800,
      sessionTtlSeconds: 1209600,
      refreshRotation: false,
      rateLimitPerMinute: 600,
      passwordHashLogN: 15,
      csrfTrustedOrigins: [],
      mediaBaseUrl: null,
      mailFrom: "noreply@example.com",
      countQueries: false,
      djangoSecretKey: null,
    };
    expect(loadConfig(bare())).toMatchObject(expected);
    const blanks = Object.fromEntries(
      [
        "ENVIRONMENT",
        "RATE_LIMIT_PER_MINUTE",
        "REFRESH_ROTATION",
        "CSRF_TRUSTED_ORIGINS",
        "MEDIA_BASE_URL",
        "MAIL_FROM",
        "DJANGO_SECRET_KEY",
      ].map((k) => [k, " "]),
    );
    expect(loadConfig(bare(blanks))).toMatchObject(expected);
  });

  it("keeps the old Django system's SECRET_KEY byte for byte when it is set", () => {
    expect(
      loadConfig(bare({ DJANGO_SECRET_KEY: "django-insecure-zacmm9e2l*c=smobi=%x2#8ql" })).djangoSecretKey,
    ).toEqual(new TextEncoder().encode("django-insecure-zacmm9e2l*c=smobi=%x2#8ql"));
  });

  it("reads set values, as strings or as wrangler.toml's TOML numbers and booleans", () => {
    const config = loadConfig(
      bare({
        RATE_LIMIT_PER_MINUTE: " 100000000 ",
        PASSWORD_HASH_LOG_N: 4,
        REFRESH_ROTATION: "true",
        COUNT_QUERIES: true,
        CSRF_TRUSTED_ORIGINS: " https://App.Example/ , http://localhost:5173",
        CORS_ALLOWED_ORIGINS: "*, https://app.example",
        MEDIA_BASE_URL: "https://cdn.example/media/",
      }),
    );
    expect(config).toMatchObject({
      rateLimitPerMinute: 100_000_000,
      passwordHashLogN: 4,
      refreshRotation: true,
      countQueries: true,
      csrfTrustedOrigins: ["https://app.example", "http://localhost:5173"],
      mediaBaseUrl: "https://cdn.example/media",
    });
  });

  it.each([
    ["RATE_LIMIT_PER_MINUTE", "6OO", "must be a whole number"],
    ["RATE_LIMIT_PER_MINUTE", "0", "must be at least 1"],
    ["ACCESS_TOKEN_TTL_SECONDS", "15m", "must be a whole number"],
    ["REFRESH_TOKEN_TTL_SECONDS", "1.5", "must be a whole number"],
    ["SESSION_TTL_SECONDS", "-1", "must be a whole number"],
    ["PASSWORD_HASH_LOG_N", "64", "must be at most 20"],
  ])("refuses a number that does not parse: %s=%s", (name, value, message) => {
    expect(() => loadConfig(bare({ [name]: value }))).toThrow(
      new ConfigError(`invalid configuration (see README "Configuration"): ${name}="${value}": ${message}`),
    );
  });

  it.each([
    ["REFRESH_ROTATION", "yes"],
    ["REFRESH_ROTATION", "1"],
    ["COUNT_QUERIES", "TRUE"],
  ])("refuses a boolean other than true/false: %s=%s", (name, value) => {
    expect(() => loadConfig(bare({ [name]: value }))).toThrow(
      `${name}="${value}": must be "true" or "false"`,
    );
  });

  it.each([
    ["CORS_ALLOWED_ORIGINS", "app.example.com", '"app.example.com" is not an origin'],
    ["CORS_ALLOWED_ORIGINS", "https://app.example/path", '"https://app.example/path" is not an origin'],
    [
      "CSRF_TRUSTED_ORIGINS",
      "https://ok.example, https://user@files.example",
      '"https://user@files.example" is not an origin',
    ],
    ["CSRF_TRUSTED_ORIGINS", "https://ok.example?x=1", '"https://ok.example?x=1" is not an origin'],
    ["CSRF_TRUSTED_ORIGINS", "*", '"*" is not an origin'],
  ])("refuses an origins list with an entry that is not an origin: %s=%s", (name, value, message) => {
    expect(() => loadConfig(bare({ [name]: value }))).toThrow(message);
  });

  it("accepts the origins hybrid and extension clients send, and an explicit port", () => {
    const origins =
      "capacitor://localhost, ionic://localhost, chrome-extension://abcdefghijklmnop, tauri://localhost, https://app.example:443";
    expect(
      loadConfig(bare({ CORS_ALLOWED_ORIGINS: origins, CSRF_TRUSTED_ORIGINS: origins })).csrfTrustedOrigins,
    ).toEqual(origins.split(", "));
  });

  it("refuses a MEDIA_BASE_URL that is not an absolute http(s) URL", () => {
    expect(() => loadConfig(bare({ MEDIA_BASE_URL: "cdn.example/media" }))).toThrow(
      'MEDIA_BASE_URL="cdn.example/media": must be an absolute http(s) URL',
    );
  });

  it("names every bad var at once", () => {
    expect(() => loadConfig(bare({ RATE_LIMIT_PER_MINUTE: "6OO", COUNT_QUERIES: "yes" }))).toThrow(
      'RATE_LIMIT_PER_MINUTE="6OO": must be a whole number; COUNT_QUERIES="yes": must be "true" or "false"',
    );
  });

  it("parses once per env object, and holds the value", () => {
    const vars = bare({ RATE_LIMIT_PER_MINUTE: "42" });
    const first = loadConfig(vars);
    expect(loadConfig(vars)).toBe(first);
    expect(loadConfig(bare({ RATE_LIMIT_PER_MINUTE: "42" }))).not.toBe(first);
  });
});

describe("a Worker with a bad var", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [
      "/users/leaderboard/",
      {
        errors:
          "Service unavailable: the server is misconfigured and cannot answer until its operator fixes it.",
      },
    ],
    [
      "/user/api/profile/",
      {
        detail:
          "Service unavailable: the server is misconfigured and cannot answer until its operator fixes it.",
      },
    ],
  ])("answers %s with a 503 in the owning envelope and logs the var", async (path, body) => {
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation(
      (...args: unknown[]) => void logged.push(args.map(String).join(" ")),
    );
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`${BASE}${path}`), { ...env, RATE_LIMIT_PER_MINUTE: "6OO" }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(body);
    expect(logged.join("\n")).toContain(
      'ConfigError: invalid configuration (see README \\"Configuration\\"): RATE_LIMIT_PER_MINUTE=\\"6OO\\": must be a whole number',
    );
  });
});

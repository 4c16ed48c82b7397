// scripts/predeploy.ts refuses what loadConfig would refuse; this pins the judgement it runs.
import { describe, expect, it } from "vitest";
import { deployProblem } from "../../src/infra/deploy-check";

/** wrangler.toml's production vars, as unstable_readConfig hands them to the script. */
const PRODUCTION_VARS = {
  ENVIRONMENT: "production",
  JWT_ISSUER: "edge-social-api",
  JWT_AUDIENCE: "edge-social-api",
  ACCESS_TOKEN_TTL_SECONDS: "900",
  RATE_LIMIT_PER_MINUTE: "600",
  CORS_ALLOWED_ORIGINS: "",
  LOG_SAMPLE_2XX: "0.1",
};
const SECRET = { JWT_SECRET: "a-random-secret-of-more-than-32-bytes-0123456789" };

describe("deployProblem", () => {
  it("none for the production vars with a long enough secret", () => {
    expect(deployProblem(PRODUCTION_VARS, SECRET)).toBeNull();
  });

  it("a missing or short JWT_SECRET", () => {
    const message = "JWT_SECRET must be set to at least 32 bytes (`npm run dev` writes one into .dev.vars)";
    expect(deployProblem(PRODUCTION_VARS, {})).toBe(message);
    expect(deployProblem(PRODUCTION_VARS, { JWT_SECRET: "short" })).toBe(message);
  });

  it("every bad var, named with its value", () => {
    expect(
      deployProblem(
        { ...PRODUCTION_VARS, RATE_LIMIT_PER_MINUTE: "lots", CORS_ALLOWED_ORIGINS: "example.com" },
        SECRET,
      ),
    ).toBe(
      'invalid configuration (see README "Configuration"): RATE_LIMIT_PER_MINUTE="lots": must be a whole number; CORS_ALLOWED_ORIGINS="example.com": "example.com" is not an origin (scheme://host[:port]) or "*"',
    );
  });

  it("a development configuration, which serves the mail outbox", () => {
    expect(deployProblem({ ...PRODUCTION_VARS, ENVIRONMENT: "development" }, SECRET)).toBe(
      'ENVIRONMENT="development" is for `npm run dev` only: its mail goes to the outbox table, not to the users',
    );
  });
});

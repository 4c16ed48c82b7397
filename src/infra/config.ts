import type { Bindings } from "../env";

export interface Config {
  environment: string;
  isDevelopment: boolean;
  jwtSecret: Uint8Array;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  refreshRotation: boolean;
  rateLimitPerMinute: number;
  passwordHashLogN: number;
  csrfTrustedOrigins: string[];
  mediaBaseUrl: string | null;
  mailFrom: string;
  countQueries: boolean;
}

export class ConfigError extends Error {}

/** Only ever used when ENVIRONMENT is development or test. */
const DEV_JWT_SECRET = "development-only-secret-never-use-in-production-0123456789";
const PRODUCTION_LOG_N = 15;

const int = (value: string | undefined, fallback: number) => {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

let cached: { source: Bindings; config: Config } | undefined;

/** Reads and checks the Worker's vars once per isolate (per env object). */
export function loadConfig(env: Bindings): Config {
  if (cached?.source === env) return cached.config;
  const environment = env.ENVIRONMENT ?? "production";
  const isDevelopment = environment === "development" || environment === "test";
  const secret = env.JWT_SECRET ?? (isDevelopment ? DEV_JWT_SECRET : undefined);
  if (!secret || new TextEncoder().encode(secret).byteLength < 32) {
    throw new ConfigError("JWT_SECRET must be set to at least 32 bytes outside development");
  }
  const config: Config = {
    environment,
    isDevelopment,
    jwtSecret: new TextEncoder().encode(secret),
    jwtIssuer: env.JWT_ISSUER ?? "edge-social-api",
    jwtAudience: env.JWT_AUDIENCE ?? "edge-social-api",
    accessTokenTtlSeconds: int(env.ACCESS_TOKEN_TTL_SECONDS, 15 * 60),
    refreshTokenTtlSeconds: int(env.REFRESH_TOKEN_TTL_SECONDS, 7 * 24 * 3600),
    sessionTtlSeconds: int(env.SESSION_TTL_SECONDS, 14 * 24 * 3600),
    refreshRotation: env.REFRESH_ROTATION === "true",
    rateLimitPerMinute: int(env.RATE_LIMIT_PER_MINUTE, 600),
    passwordHashLogN: int(env.PASSWORD_HASH_LOG_N, PRODUCTION_LOG_N),
    csrfTrustedOrigins: (env.CSRF_TRUSTED_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    mediaBaseUrl: env.MEDIA_BASE_URL ? env.MEDIA_BASE_URL.replace(/\/+$/, "") : null,
    mailFrom: env.MAIL_FROM ?? "noreply@example.com",
    countQueries: env.COUNT_QUERIES === "true",
  };
  cached = { source: env, config };
  return config;
}

import type { Bindings } from "../env";

export interface Config {
  environment: string;
  isDevelopment: boolean;
  /** The request comes from and goes to this machine (see isLocalRequest). */
  localRequest: boolean;
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
  /** CORS_ALLOWED_ORIGINS: exact origins (these get credentials) and/or `*` (never credentials). */
  mediaBaseUrl: string | null;
  mailFrom: string;
  countQueries: boolean;
}

export class ConfigError extends Error {}

/** Only ever used in development, for a request to this machine, when no JWT_SECRET is set. */
const DEV_JWT_SECRET = "development-only-secret-never-use-in-production-0123456789";
const PRODUCTION_LOG_N = 15;

const int = (value: string | undefined, fallback: number) => {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

const cached = new WeakMap<Bindings, { local?: Config; remote?: Config }>();

export interface ConfigContext {
  /** The request is addressed to this machine (localhost, 127.0.0.0/8, ::1). */
  localRequest: boolean;
}

const isLoopbackAddress = (address: string) => /^127(\.\d{1,3}){3}$/.test(address) || address === "::1" || address === "[::1]" || address === "::ffff:127.0.0.1";

export const isLoopbackHost = (hostname: string) => hostname === "localhost" || hostname.endsWith(".localhost") || isLoopbackAddress(hostname);

/**
 * A request from this machine to this machine: the Host names a loopback host and the
 * peer address the runtime reports (`CF-Connecting-IP`) is loopback too. The Host alone
 * is the client's word: a development server reachable from a network must not hand
 * its source-code key (or its mail outbox) to whoever sends `Host: localhost`. Locally
 * workerd fills CF-Connecting-IP with the peer but keeps a value the client sent, so
 * this stops a stray remote request, not a forger: a dev server exposed with
 * `--ip 0.0.0.0` needs its own JWT_SECRET (README).
 */
export const isLocalRequest = (url: string, clientIp: string | undefined) =>
  isLoopbackHost(new URL(url).hostname) && clientIp !== undefined && isLoopbackAddress(clientIp);

/**
 * Browsers serialize an origin as lower-case `scheme://host[:port]` with no path, so a
 * listed `https://App.example/` is normalised to match what they send. Exported on its
 * own because CORS runs before (and regardless of) the rest of the config: an answer
 * about a broken config still needs its CORS headers to be readable.
 */
export const parseOriginList = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, "").toLowerCase())
    .filter(Boolean);

/**
 * Reads and checks the Worker's vars once per isolate (per env object). Every
 * environment but `development` is production. Even there the constant JWT key serves
 * only requests to this machine, so a development build exposed by mistake cannot
 * be signed for with a key anyone can read in the source.
 */
export function loadConfig(env: Bindings, context: ConfigContext = { localRequest: false }): Config {
  const slot = context.localRequest ? "local" : "remote";
  const hit = cached.get(env)?.[slot];
  if (hit) return hit;
  const environment = env.ENVIRONMENT ?? "production";
  const isDevelopment = environment === "development";
  const secret = env.JWT_SECRET ?? (isDevelopment && context.localRequest ? DEV_JWT_SECRET : undefined);
  if (!secret || new TextEncoder().encode(secret).byteLength < 32) {
    throw new ConfigError("JWT_SECRET must be set to at least 32 bytes (outside development, or for a request not to localhost)");
  }
  const config: Config = {
    environment,
    isDevelopment,
    localRequest: context.localRequest,
    jwtSecret: new TextEncoder().encode(secret),
    jwtIssuer: env.JWT_ISSUER ?? "edge-social-api",
    jwtAudience: env.JWT_AUDIENCE ?? "edge-social-api",
    accessTokenTtlSeconds: int(env.ACCESS_TOKEN_TTL_SECONDS, 15 * 60),
    refreshTokenTtlSeconds: int(env.REFRESH_TOKEN_TTL_SECONDS, 7 * 24 * 3600),
    sessionTtlSeconds: int(env.SESSION_TTL_SECONDS, 14 * 24 * 3600),
    refreshRotation: env.REFRESH_ROTATION === "true",
    rateLimitPerMinute: int(env.RATE_LIMIT_PER_MINUTE, 600),
    passwordHashLogN: int(env.PASSWORD_HASH_LOG_N, PRODUCTION_LOG_N),
    csrfTrustedOrigins: parseOriginList(env.CSRF_TRUSTED_ORIGINS),
    mediaBaseUrl: env.MEDIA_BASE_URL ? env.MEDIA_BASE_URL.replace(/\/+$/, "") : null,
    mailFrom: env.MAIL_FROM ?? "noreply@example.com",
    countQueries: env.COUNT_QUERIES === "true",
  };
  cached.set(env, { ...cached.get(env), [slot]: config });
  return config;
}

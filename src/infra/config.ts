import * as z from "zod";
import { PRODUCTION_LOG_N } from "./password-hash";

export interface Config {
  environment: string;
  isDevelopment: boolean;
  /** The request comes from and goes to this machine (see isLocalRequest). */
  localRequest: boolean;
  jwtSecret: Uint8Array;
  /** What the TOTP secrets' AES-GCM key is derived from: TOTP_ENCRYPTION_KEY, else the JWT secret. */
  totpKeyMaterial: Uint8Array;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  /** Cocotree's one token (no refresh route): fixed from login. */
  cocotreeTokenTtlSeconds: number;
  /** MediaCMS `Token <key>` keys; 0: until logout or a password change or reset. */
  apiKeyTtlSeconds: number;
  refreshRotation: boolean;
  rateLimitPerMinute: number;
  passwordHashLogN: number;
  csrfTrustedOrigins: string[];
  mediaBaseUrl: string | null;
  mailFrom: string;
  countQueries: boolean;
  /** The share of 2xx request lines written (LOG_SAMPLE_2XX, 0 to 1); every other status is always written. */
  logSample2xx: number;
  /** Whether a password-reset code may be mailed to an address never verified (RESET_TO_UNVERIFIED_EMAIL). */
  resetToUnverifiedEmail: boolean;
  /**
   * The old Django system's SECRET_KEY (DJANGO_SECRET_KEY), kept for the cutover only: while set, its
   * SimpleJWT tokens, imported sessions and DRF keys are accepted; null: none of them is.
   */
  djangoSecretKey: Uint8Array | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface ConfigContext {
  /** The request is addressed to this machine (localhost, 127.0.0.0/8, ::1). */
  localRequest: boolean;
}

const isLoopbackAddress = (address: string) =>
  /^127(\.\d{1,3}){3}$/.test(address) ||
  address === "::1" ||
  address === "[::1]" ||
  address === "::ffff:127.0.0.1";

export const isLoopbackHost = (hostname: string) =>
  hostname === "localhost" || hostname.endsWith(".localhost") || isLoopbackAddress(hostname);

/**
 * A request from this machine to this machine: the Host names a loopback host and the
 * peer address the runtime reports (`CF-Connecting-IP`) is loopback too. The Host alone
 * is the client's word: a development server reachable from a network must not hand
 * its mail outbox to whoever sends `Host: localhost`. Locally workerd fills
 * CF-Connecting-IP with the peer but keeps a value the client sent, so this stops a
 * stray remote request, not a forger.
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

/** A var set to "" (or only spaces) is as good as unset: its default applies. */
const blankIsUnset = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

/** wrangler.toml may give a var as a TOML number or boolean, which reaches the Worker as JSON. */
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().regex(/^\d+$/, "must be a whole number"))
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A share from 0 to 1 (`0.1`: one in ten). */
const fraction = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^(0|1|0?\.\d+|1\.0*)$/, "must be a number from 0 to 1"))
  .transform(Number);

const flag = z
  .union([z.string(), z.boolean()])
  .transform((v) => String(v).trim())
  .pipe(z.enum(["true", "false"], { error: 'must be "true" or "false"' }))
  .transform((v) => v === "true");

/**
 * `scheme://host[:port]` and nothing more. Any scheme: hybrid and extension clients send
 * `capacitor://localhost`, `chrome-extension://<id>` or `tauri://localhost` as their Origin.
 */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s@]+$/;
const isOrigin = (entry: string) => {
  if (!ORIGIN.test(entry)) return false;
  try {
    new URL(entry);
    return true;
  } catch {
    return false;
  }
};

/** Comma-separated origins, normalised as browsers send them; `*` only where the list allows it. */
const originList = ({ wildcard }: { wildcard: boolean }) =>
  z
    .string()
    .transform(parseOriginList)
    .superRefine((origins, ctx) => {
      for (const o of origins) {
        if (o === "*" ? !wildcard : !isOrigin(o))
          ctx.addIssue({
            code: "custom",
            message: `"${o}" is not an origin (scheme://host[:port])${wildcard ? ' or "*"' : ""}`,
          });
      }
    });

const orDefault = <T extends z.ZodType>(schema: T, fallback: z.util.NoUndefined<z.output<T>>) =>
  z.preprocess(blankIsUnset, schema.default(fallback));
const text = (fallback: string) => orDefault(z.string(), fallback);

/** Every var and its default, as README's Configuration table. JWT_SECRET is checked on its own (it depends on the request). */
const varsSchema = z.object({
  ENVIRONMENT: text("production"),
  JWT_ISSUER: text("edge-social-api"),
  JWT_AUDIENCE: text("edge-social-api"),
  ACCESS_TOKEN_TTL_SECONDS: orDefault(wholeNumber(1), 900),
  REFRESH_TOKEN_TTL_SECONDS: orDefault(wholeNumber(1), 7 * 24 * 3600),
  SESSION_TTL_SECONDS: orDefault(wholeNumber(1), 14 * 24 * 3600),
  COCOTREE_TOKEN_TTL_SECONDS: orDefault(wholeNumber(1), 24 * 3600),
  API_KEY_TTL_SECONDS: orDefault(wholeNumber(0), 0),
  REFRESH_ROTATION: orDefault(flag, false),
  RATE_LIMIT_PER_MINUTE: orDefault(wholeNumber(1), 600),
  // scrypt wants N = 2^logN > 1, and past 2^20 it needs more memory than a Worker has.
  PASSWORD_HASH_LOG_N: orDefault(wholeNumber(1, 20), PRODUCTION_LOG_N),
  CSRF_TRUSTED_ORIGINS: orDefault(originList({ wildcard: false }), []),
  // Validated here so a bad list refuses to serve; CORS itself reads it in http/cors.ts (see parseOriginList).
  CORS_ALLOWED_ORIGINS: orDefault(originList({ wildcard: true }), []),
  MEDIA_BASE_URL: orDefault(
    z
      .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
      .transform((v): string | null => v.replace(/\/+$/, "")),
    null,
  ),
  MAIL_FROM: text("noreply@example.com"),
  COUNT_QUERIES: orDefault(flag, false),
  LOG_SAMPLE_2XX: orDefault(fraction, 1),
  // On by default: accounts made before verification existed (or imported unverified) keep their way back in.
  RESET_TO_UNVERIFIED_EMAIL: orDefault(flag, true),
});

type Vars = z.output<typeof varsSchema>;

/**
 * Parsed vars per env object: workerd hands every request of an isolate the same env, so this
 * parses once. Values only (a failed parse is not kept, and is refused again on each request).
 */
const parsedVars = new WeakMap<Env, Vars>();
const cached = new WeakMap<Env, { local?: Config; remote?: Config }>();

/** Every var's problem at once, named and with the value given (vars are not secret; JWT_SECRET never appears here). */
function parseVars(env: Env): Vars {
  const hit = parsedVars.get(env);
  if (hit) return hit;
  const result = varsSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify((env as unknown as Record<string, unknown>)[name])}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration (see README "Configuration"): ${problems.join("; ")}`);
  }
  parsedVars.set(env, result.data);
  return result.data;
}

/**
 * Reads and checks the Worker's vars once per isolate (per env object), failing closed: a value
 * that does not parse refuses to serve (a 500 in the owning envelope, logged) instead of falling
 * back to a default. Every environment but `development` is production. No environment has a
 * built-in JWT key (`npm run dev` writes a random one into `.dev.vars`), so no request, local or
 * not, can be signed for with a key anyone can read in the source.
 */
export function loadConfig(env: Env, context: ConfigContext = { localRequest: false }): Config {
  const slot = context.localRequest ? "local" : "remote";
  const hit = cached.get(env)?.[slot];
  if (hit) return hit;
  const vars = parseVars(env);
  const environment = vars.ENVIRONMENT;
  const isDevelopment = environment === "development";
  const secret = env.JWT_SECRET;
  if (!secret || new TextEncoder().encode(secret).byteLength < 32) {
    throw new ConfigError(
      "JWT_SECRET must be set to at least 32 bytes (`npm run dev` writes one into .dev.vars)",
    );
  }
  const config: Config = {
    environment,
    isDevelopment,
    localRequest: context.localRequest,
    jwtSecret: new TextEncoder().encode(secret),
    // A key of its own lets JWT_SECRET be rotated without losing every enrolled authenticator.
    totpKeyMaterial: new TextEncoder().encode(env.TOTP_ENCRYPTION_KEY || secret),
    jwtIssuer: vars.JWT_ISSUER,
    jwtAudience: vars.JWT_AUDIENCE,
    accessTokenTtlSeconds: vars.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: vars.REFRESH_TOKEN_TTL_SECONDS,
    sessionTtlSeconds: vars.SESSION_TTL_SECONDS,
    cocotreeTokenTtlSeconds: vars.COCOTREE_TOKEN_TTL_SECONDS,
    apiKeyTtlSeconds: vars.API_KEY_TTL_SECONDS,
    refreshRotation: vars.REFRESH_ROTATION,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    passwordHashLogN: vars.PASSWORD_HASH_LOG_N,
    csrfTrustedOrigins: vars.CSRF_TRUSTED_ORIGINS,
    mediaBaseUrl: vars.MEDIA_BASE_URL,
    mailFrom: vars.MAIL_FROM,
    countQueries: vars.COUNT_QUERIES,
    logSample2xx: vars.LOG_SAMPLE_2XX,
    resetToUnverifiedEmail: vars.RESET_TO_UNVERIFIED_EMAIL,
    djangoSecretKey: env.DJANGO_SECRET_KEY?.trim() ? new TextEncoder().encode(env.DJANGO_SECRET_KEY) : null,
  };
  cached.set(env, { ...cached.get(env), [slot]: config });
  return config;
}

import type { QueryCounter } from "./db/client";
import type { Deps } from "./domain/deps";
import type { Viewer } from "./domain/auth/viewer";
import type { UserHub } from "./realtime/user-hub";

export interface Bindings {
  DB: D1Database;
  KV: KVNamespace;
  MEDIA: R2Bucket;
  USER_HUB: DurableObjectNamespace<UserHub>;
  /** Cloudflare `send_email` binding; without it mail goes to the outbox table. */
  EMAIL?: SendEmail;
  ENVIRONMENT?: string;
  JWT_SECRET?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  ACCESS_TOKEN_TTL_SECONDS?: string;
  REFRESH_TOKEN_TTL_SECONDS?: string;
  SESSION_TTL_SECONDS?: string;
  REFRESH_ROTATION?: string;
  RATE_LIMIT_PER_MINUTE?: string;
  PASSWORD_HASH_LOG_N?: string;
  CSRF_TRUSTED_ORIGINS?: string;
  CORS_ALLOWED_ORIGINS?: string;
  MEDIA_BASE_URL?: string;
  MAIL_FROM?: string;
  COUNT_QUERIES?: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    deps: Deps;
    /** D1 statements of this request, counted when COUNT_QUERIES is on. */
    queryCounter?: QueryCounter;
    /** Memoised credential resolution: undefined = not resolved yet, null = anonymous. */
    viewer?: Viewer | null;
  };
}

import type { QueryCounter } from "./db/client";
import type { Deps } from "./domain/deps";
import type { Viewer } from "./domain/auth/viewer";
import type { Presenter } from "./http/presenter";

/**
 * The Worker's env is `Env` (the same as `Cloudflare.Env`): `npm run types` generates it from
 * wrangler.toml into worker-configuration.d.ts (bindings and the vars declared there), and CI
 * fails when that file is stale. What wrangler.toml does not declare is merged in here, optional:
 * a secret, the optional `send_email` binding, and the vars that only have code defaults
 * (src/infra/config.ts; README "Configuration"). A var later added to wrangler.toml's [vars]
 * must leave this list: tsc then reports its two declarations' modifiers differ.
 */
interface Undeclared {
  /** A secret (`wrangler secret put JWT_SECRET`, or .dev.vars locally), never in wrangler.toml. */
  JWT_SECRET?: string;
  /** A secret: the key the TOTP secrets are encrypted under (HKDF); JWT_SECRET when unset. */
  TOTP_ENCRYPTION_KEY?: string;
  /** A secret for the cutover from Django only: the old system's SECRET_KEY (README "Moving in from Django"). */
  DJANGO_SECRET_KEY?: string;
  /** Cloudflare `send_email` binding, added per deployment; without it mail goes to the outbox table. */
  EMAIL?: SendEmail;
  REFRESH_TOKEN_TTL_SECONDS?: string;
  SESSION_TTL_SECONDS?: string;
  COCOTREE_TOKEN_TTL_SECONDS?: string;
  API_KEY_TTL_SECONDS?: string;
  REFRESH_ROTATION?: string;
  PASSWORD_HASH_LOG_N?: string;
  CSRF_TRUSTED_ORIGINS?: string;
  MEDIA_BASE_URL?: string;
  MAIL_FROM?: string;
  COUNT_QUERIES?: string;
}

declare global {
  namespace Cloudflare {
    interface Env extends Undeclared {}
  }
  interface Env extends Undeclared {}
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    deps: Deps;
    /** Why loadConfig refused this Worker's configuration; set only on the paths served without one (no `deps` then). */
    configProblem?: string;
    /** D1 statements of this request, counted when COUNT_QUERIES is on. */
    queryCounter?: QueryCounter;
    /** Memoised credential resolution: undefined = not resolved yet, null = anonymous. */
    viewer?: Viewer | null;
    /** The request's presenter (src/http/presenter.ts), made on first use. */
    presenter?: Presenter;
  };
}

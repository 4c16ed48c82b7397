import { createDb, type QueryCounter } from "./db/client";
import { countingD1 } from "./infra/counting-d1";
import type { Deps } from "./domain/deps";
import { systemClock, type Clock } from "./infra/clock";
import { loadConfig } from "./infra/config";
import { outboxMailer, sendEmailMailer, unconfiguredMailer } from "./infra/mailer";
import { r2MediaStore } from "./infra/media-store";
import { productionParams } from "./infra/password-hash";
import { userHubClient } from "./realtime/hub-client";
import { errorFields, log } from "./infra/log";

export interface DepsOptions {
  clock?: Clock;
  counter?: QueryCounter;
  /** The request is addressed to this machine (see loadConfig). */
  localRequest?: boolean;
  /**
   * Where the request's D1 session starts (src/http/d1-bookmark.ts). The primary unless said
   * otherwise: the cron, the Durable Object hub and the test factories decide on what they read.
   */
  d1Session?: D1SessionConstraint | D1SessionBookmark;
}

/** The deps of one request, and the bookmark its D1 session reached, for the answer's `X-D1-Bookmark`. */
export type RequestDeps = Deps & { d1Bookmark(): D1SessionBookmark | null };

/** The composition root: real bindings in, domain dependencies out. */
export function createDeps(
  env: Env,
  defer: (task: Promise<unknown>) => void,
  options: DepsOptions = {},
): RequestDeps {
  const config = loadConfig(env, { localRequest: options.localRequest ?? false });
  const clock = options.clock ?? systemClock;
  // One session for everything the request reads and writes: its reads are sequentially
  // consistent, and its last bookmark covers every write it made.
  const session = env.DB.withSession(options.d1Session ?? "first-primary");
  // The counting wrapper costs a proxy hop per statement: only when the bench asks for it.
  const client = config.countQueries && options.counter ? countingD1(session, options.counter) : session;
  const db = createDb(client);
  const mailer = config.isDevelopment
    ? outboxMailer(db, clock)
    : env.EMAIL
      ? sendEmailMailer(env.EMAIL, config.mailFrom)
      : unconfiguredMailer;
  return {
    db,
    kv: env.KV,
    media: r2MediaStore(env.MEDIA, config.mediaBaseUrl),
    mailer,
    clock,
    config,
    hashParams: productionParams(config.passwordHashLogN),
    hub: userHubClient(env.USER_HUB),
    defer: (task) => defer(task.catch((err) => log("error", "deferred task failed", errorFields(err)))),
    d1Bookmark: () => client.getBookmark(),
  };
}

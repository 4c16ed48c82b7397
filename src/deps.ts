import { createDb, type QueryCounter } from "./db/client";
import type { Deps } from "./domain/deps";
import { systemClock, type Clock } from "./infra/clock";
import { loadConfig } from "./infra/config";
import { outboxMailer, sendEmailMailer, unconfiguredMailer } from "./infra/mailer";
import { r2MediaStore } from "./infra/media-store";
import { productionParams } from "./infra/password-hash";
import type { HubFrames } from "./realtime/frames";
import { userHubClient } from "./realtime/hub-client";
import { errorFields, log } from "./infra/log";

export interface DepsOptions {
  /** The words of the live stream, from the surface that owns it (src/surfaces/index.ts). */
  frames: HubFrames;
  clock?: Clock;
  counter?: QueryCounter;
  /** The request is addressed to this machine (see loadConfig). */
  localRequest?: boolean;
}

/** The composition root: real bindings in, domain dependencies out. */
export function createDeps(env: Env, defer: (task: Promise<unknown>) => void, options: DepsOptions): Deps {
  const config = loadConfig(env, { localRequest: options.localRequest ?? false });
  const clock = options.clock ?? systemClock;
  // The counting wrapper costs a proxy hop per statement: only when the bench asks for it.
  const db = createDb(env.DB, config.countQueries ? options.counter : undefined);
  const mailer = config.isDevelopment ? outboxMailer(db, clock) : env.EMAIL ? sendEmailMailer(env.EMAIL, config.mailFrom) : unconfiguredMailer;
  return {
    db,
    kv: env.KV,
    media: r2MediaStore(env.MEDIA, config.mediaBaseUrl),
    mailer,
    clock,
    config,
    hashParams: productionParams(config.passwordHashLogN),
    hub: userHubClient(env.USER_HUB, options.frames),
    defer: (task) => defer(task.catch((err) => log("error", "deferred task failed", errorFields(err)))),
  };
}

import type { Db } from "../db/client";
import type { Clock } from "../infra/clock";
import type { Config } from "../infra/config";
import type { Mailer } from "../infra/mailer";
import type { MediaStore } from "../infra/media-store";
import type { HashParams } from "../infra/password-hash";
import type { LiveHub } from "./notifications/hub";

/** Everything a domain verb may touch. Built once per request by the composition root. */
export interface Deps {
  db: Db;
  kv: KVNamespace;
  media: MediaStore;
  mailer: Mailer;
  clock: Clock;
  config: Config;
  hashParams: HashParams;
  /** The live fan-out of notifications to each user's connected devices. */
  hub: LiveHub;
  /** Work the client need not wait for (mail, cache writes, R2 clean-up). */
  defer(task: Promise<unknown>): void;
}

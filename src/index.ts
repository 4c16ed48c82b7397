import { app } from "./app";
import { createDeps } from "./deps";
import { systemCtx } from "./domain/context";
import { pruneExpired } from "./domain/maintenance/prune";
import { purgeChats } from "./domain/maintenance/purge-chat";
import { purgeDeleted } from "./domain/maintenance/purge-deleted";
import { sweepExpiredUploads } from "./domain/videos/uploads";
import { UserHub as Hub } from "./realtime/user-hub";
import { liveWords } from "./surfaces";

/**
 * The class wrangler.toml binds as USER_HUB. Wired here, at the entry point, so src/realtime/
 * imports neither a surface nor the composition root.
 */
export class UserHub extends Hub {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, {
      words: liveWords,
      // The hub is reached only through the Worker, which already refused any request the
      // development key may not serve; the hub itself signs and checks no token.
      deps: () => createDeps(env, (task) => ctx.waitUntil(task), { localRequest: true }),
    });
  }
}

export default {
  fetch: app.fetch,
  /**
   * wrangler.toml's cron: abort the resumable uploads left unfinished for a day, and prune, a
   * bounded chunk at a time, the rows nothing can use again (expired sessions, codes and
   * tickets, notifications no list can reach), so the database does not grow with time alone.
   * One failing does not stop the other; the run still reports the failure.
   */
  async scheduled(controller, env, ctx) {
    const deps = createDeps(env, (task) => ctx.waitUntil(task));
    const now = new Date(controller.scheduledTime);
    const outcomes = await Promise.allSettled([
      sweepExpiredUploads(systemCtx(deps), { now }),
      pruneExpired(systemCtx(deps), { now }),
      purgeDeleted(systemCtx(deps)),
      purgeChats(systemCtx(deps), { now }),
    ]);
    const failed = outcomes.find((o) => o.status === "rejected");
    if (failed) throw failed.reason;
  },
} satisfies ExportedHandler<Env>;

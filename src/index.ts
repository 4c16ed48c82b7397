import { app } from "./app";
import { createDeps } from "./deps";
import { UserHub as Hub } from "./realtime/user-hub";
import { streamFrames } from "./surfaces";

/**
 * The class wrangler.toml binds as USER_HUB. Wired here, at the entry point, so src/realtime/
 * imports neither a surface nor the composition root.
 */
export class UserHub extends Hub {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, {
      frames: streamFrames,
      // The hub is reached only through the Worker, which already refused any request the
      // development key may not serve; the hub itself signs and checks no token.
      deps: () => createDeps(env, (task) => ctx.waitUntil(task), { localRequest: true, frames: streamFrames }),
    });
  }
}

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

import { app } from "./app";
import type { Bindings } from "./env";

export { UserHub } from "./realtime/user-hub";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Bindings>;

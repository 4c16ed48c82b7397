import { app } from "./app";

export { UserHub } from "./realtime/user-hub";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
